import type { Vault } from '../../core/vault/vault'
import { type Command, parseFlags, printJson } from '../command'
import { EXIT } from '../exit-codes'
import type { CliIO } from '../io'
import { safeValue } from '../../../shared/terminal-text'

/** Parses `keyward list [--json]`. */
export function parseListArgs(args: string[]): { json: boolean } {
  return { json: parseFlags(args, { json: { type: 'boolean', default: false } }, false).values.json }
}

/** Prints every profile (hint, kind, default, guarded) and the directories bound to it. */
export async function runList(options: { json: boolean }, io: CliIO, vault: Pick<Vault, 'profiles' | 'bindings'>): Promise<number> {
  const [profiles, bindings] = await Promise.all([vault.profiles.list(), vault.bindings.list()])
  const rows = profiles.map((p) => ({ ...p, bindings: bindings.filter((b) => b.profile === p.name).map((b) => b.directory) }))
  if (options.json) {
    printJson(io, rows)
    return EXIT.OK
  }
  if (rows.length === 0) {
    io.stdout.write('No profiles yet. Add one: printf %s "$KEY" | keyward add NAME\n')
    return EXIT.OK
  }
  const width = Math.max(...rows.map((r) => r.name.length))
  for (const row of rows) {
    io.stdout.write(`${row.isDefault ? '*' : ' '} ${row.name.padEnd(width)}  ${row.kind.padEnd(5)}  ${row.hint}${row.requiresApproval ? '  guarded' : ''}\n`)
    for (const dir of row.bindings) io.stdout.write(`    ${safeValue(dir)}\n`)
  }
  if (rows.some((r) => r.isDefault)) io.stdout.write('(* default: served where no binding applies)\n')
  if (rows.some((r) => r.requiresApproval)) {
    io.stdout.write('(guarded: the desktop app asks you before a tool gets it; the headless daemon, or no app at all, refuses it; change with keyward guard NAME [--off])\n')
  }
  // A locked keychain must not stop the listing: the warning is then left out.
  const state = await vault.profiles.guardState().catch(() => null)
  if (state?.state === 'broken') {
    io.stderr.write(
      `keyward: ${state.why}; nothing is served from ${state.refuse === 'all' ? 'any profile' : state.refuse.join(', ')} until you check the guard settings above and run: keyward guard --reseal --yes\n`,
    )
  }
  return EXIT.OK
}

/** `keyward list`. */
export const listCommand: Command = {
  summary: 'list profiles (masked hints), the default, and bound directories',
  help: `Usage: keyward list [--json]

Lists every profile with its masked key hint and kind, marks the default with *, and shows the
directories bound to each; "guarded" marks a profile the desktop app asks you about before a tool
gets it (refused under the headless daemon or with no app). It warns when the guard settings were
changed outside Keyward. Keys are never printed.
  --json   print [{name, kind, hint, tags, createdAt, rotatedAt, isDefault, requiresApproval, bindings}]`,
  run: async (args, io, cli) => runList(parseListArgs(args), io, await cli.vault()),
}
