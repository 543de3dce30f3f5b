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

/** A command line split into words, or the shell syntax that kept it from being split without running a shell. */
export type ShellWords = { readonly words: string[] } | { readonly unsupported: string }

// Unquoted, these make /bin/sh do more than run one program with plain arguments.
const SHELL_SYNTAX = new Set(['|', '&', ';', '<', '>', '(', ')', '$', '`', '*', '?', '[', '#', '~', '{', '}', '\n'])

/**
 * Splits a command line the way /bin/sh would if it holds only plain words: unquoted text, single
 * quotes, double quotes without `$` or backquotes, and backslash escapes. Anything that would make
 * the shell expand, redirect, chain or run something else (`$HOME`, `;`, `|`, `*`, a leading
 * `NAME=value`, …) is named instead, because what it runs cannot be known without running it.
 */
export function splitShellWords(commandLine: string): ShellWords {
  const words: string[] = []
  let word: string | null = null
  let i = 0
  const text = commandLine
  if (/^\s*[A-Za-z_][A-Za-z0-9_]*=/.test(text)) return { unsupported: 'a variable assignment before the command' }
  while (i < text.length) {
    const c = text[i]!
    if (c === ' ' || c === '\t') {
      if (word !== null) words.push(word)
      word = null
      i += 1
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1)
      if (end === -1) return { unsupported: 'an unterminated single quote' }
      word = (word ?? '') + text.slice(i + 1, end)
      i = end + 1
    } else if (c === '"') {
      let j = i + 1
      let quoted = ''
      for (; j < text.length && text[j] !== '"'; j++) {
        const d = text[j]!
        if (d === '$' || d === '`') return { unsupported: `${d} inside double quotes` }
        if (d === '\\' && j + 1 < text.length && '$`"\\\n'.includes(text[j + 1]!)) {
          j += 1
          if (text[j] !== '\n') quoted += text[j]
        } else quoted += d
      }
      if (j >= text.length) return { unsupported: 'an unterminated double quote' }
      word = (word ?? '') + quoted
      i = j + 1
    } else if (c === '\\') {
      if (i + 1 >= text.length) return { unsupported: 'a trailing backslash' }
      if (text[i + 1] !== '\n') word = (word ?? '') + text[i + 1]
      i += 2
    } else if (SHELL_SYNTAX.has(c)) {
      return { unsupported: `the shell syntax ${JSON.stringify(c)}` }
    } else {
      word = (word ?? '') + c
      i += 1
    }
  }
  if (word !== null) words.push(word)
  return { words }
}
