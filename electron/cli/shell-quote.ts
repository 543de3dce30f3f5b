/** Shells `keyward env` writes for. */
export const SHELLS = ['bash', 'zsh', 'fish'] as const
/** One of SHELLS. */
export type Shell = (typeof SHELLS)[number]

/** Quotes a value so the shell reads it back byte for byte, whatever it contains. */
export function quoteForShell(shell: Shell, value: string): string {
  // fish: inside single quotes only \\ and \' are escapes. bash and zsh: nothing is, so close, escape, reopen.
  if (shell === 'fish') return `'${value.replace(/[\\']/g, (c) => `\\${c}`)}'`
  return `'${value.replace(/'/g, `'\\''`)}'`
}

/** Lines that set `set` and remove `unset` in the given shell; names must be plain identifiers. */
export function exportLines(shell: Shell, set: Record<string, string>, unset: string[] = []): string {
  const lines: string[] = []
  for (const [name, value] of Object.entries(set)) {
    assertName(name)
    lines.push(shell === 'fish' ? `set -gx ${name} ${quoteForShell(shell, value)}` : `export ${name}=${quoteForShell(shell, value)}`)
  }
  for (const name of unset) {
    assertName(name)
    lines.push(shell === 'fish' ? `set -e ${name}` : `unset ${name}`)
  }
  return lines.map((line) => `${line}\n`).join('')
}

/** The shell to write for when none is named: the login shell's name if it is one we know. */
export function defaultShell(env: NodeJS.ProcessEnv): Shell {
  const name = (env.SHELL ?? '').split('/').pop()
  return SHELLS.find((s) => s === name) ?? 'bash'
}

function assertName(name: string): void {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`not a variable name: ${name}`)
}
