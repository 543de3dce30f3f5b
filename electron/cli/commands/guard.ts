import { KeywardError } from '../../../shared/errors'
import { sealedFacts } from '../../core/keys/profiles/guard-seal'
import type { ProfilesService } from '../../core/keys/profiles/profiles-service'
import { type Command, parseFlags, printJson } from '../command'
import { EXIT } from '../exit-codes'
import type { CliIO } from '../io'

/** What `keyward guard` was asked to do: turn one profile's guard on or off, or re-seal the guard settings. */
export type GuardOptions =
  | {
      readonly action: 'set'
      readonly name: string
      /** true: serve only after approval in the desktop app; false (`--off`): serve as usual. */
      readonly required: boolean
      readonly json: boolean
    }
  | { readonly action: 'reseal'; readonly yes: boolean; readonly json: boolean }

/** Parses `keyward guard NAME [--off] [--json]` and `keyward guard --reseal [--yes] [--json]`. */
export function parseGuardArgs(args: string[]): GuardOptions {
  const { values, positionals } = parseFlags(args, {
    off: { type: 'boolean', default: false },
    reseal: { type: 'boolean', default: false },
    yes: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  })
  if (values.reseal) {
    if (positionals.length > 0 || values.off) throw new KeywardError('INVALID_INPUT', '--reseal takes no profile name: keyward guard --reseal [--yes]')
    return { action: 'reseal', yes: values.yes, json: values.json }
  }
  if (positionals.length !== 1) throw new KeywardError('INVALID_INPUT', 'name one profile: keyward guard NAME [--off], or keyward guard --reseal')
  return { action: 'set', name: positionals[0]!, required: !values.off, json: values.json }
}

/** Turns "requires approval" on or off for a profile, or re-seals the guard settings after a person checked them. */
export async function runGuard(options: GuardOptions, io: CliIO, profiles: ProfilesService): Promise<number> {
  if (options.action === 'reseal') return runReseal(options, io, profiles)
  const updated = await profiles.setApproval(options.name, options.required)
  const state = await profiles.guardState()
  if (options.json) printJson(io, updated)
  else if (updated.requiresApproval) {
    io.stdout.write(
      `${updated.name} is now guarded: with the Keyward desktop app running, each tool that asks for it waits for you to approve a prompt (an approval lasts a few minutes for that tool's process only). Under the headless keyward daemon, or with no app or daemon running, every request for it is refused.\n`,
    )
    if (updated.kind !== 'api') io.stdout.write(`(${updated.name} holds an Admin key, which is never served to tools anyway.)\n`)
  } else io.stdout.write(`${updated.name} is served without asking again.\n`)
  if (state.state === 'broken' && !options.json) {
    io.stderr.write(`keyward: the guard settings are still not sealed (${state.why}); once keyward list shows what you want, run: keyward guard --reseal --yes\n`)
  }
  return EXIT.OK
}

async function runReseal(options: { yes: boolean; json: boolean }, io: CliIO, profiles: ProfilesService): Promise<number> {
  const state = await profiles.guardState()
  const facts = sealedFacts(await profiles.list())
  const summary = `guarded: ${facts.guarded.join(', ') || 'none'}; Admin-key profiles: ${facts.admin.join(', ') || 'none'}`
  if (!options.yes) {
    io.stdout.write(
      `${state.state === 'broken' ? `The guard settings were changed outside Keyward: ${state.why}.\n` : ''}Re-sealing makes Keyward trust config.json's guard settings as they are now (${summary}).\nCheck them (keyward list), fix any with keyward guard NAME [--off], then run: keyward guard --reseal --yes\n`,
    )
    return EXIT.FAILED
  }
  await profiles.reseal()
  if (options.json) printJson(io, { state: 'sealed', ...facts })
  else io.stdout.write(`Sealed the guard settings (${summary}); every profile is served again as they say.\n`)
  return EXIT.OK
}

/** `keyward guard`. */
export const guardCommand: Command = {
  summary: 'make a profile require your approval in the desktop app before a tool gets it (--off to stop)',
  help: `Usage: keyward guard NAME [--off] [--json]
       keyward guard --reseal [--yes] [--json]

Marks profile NAME as guarded ("requires approval"). What that gives depends on what serves keys:
  - the Keyward desktop app: a prompt names the process that asks (its executable and pid, from
    the OS) and the directory; the tool waits until you approve, deny, or 25 s pass. An approval
    lasts a few minutes for that process only (e.g. one Claude Code session); another process, or
    the same one claiming another directory, is asked again;
  - the headless keyward daemon: every request for NAME is refused (nobody can be asked);
  - no app or daemon (keyward helper reads the keychain itself): every request is refused.
The guard stops tools that go through Keyward. It does not stop a program running as you from
reading the OS keychain directly (on Linux, secret-tool can); see docs/threat-model.md.

The guard settings are sealed (an HMAC under a secret in the OS keychain). If config.json is
edited by hand to change them, Keyward serves nothing from the affected profiles, audits and
notifies; check with keyward list, then re-seal.
  --off      serve NAME without asking again
  --reseal   trust config.json's guard settings as they are now (prints them; needs --yes)
  --yes      confirm --reseal
  --json     print the profile (name, kind, hint, requiresApproval; never the key)`,
  run: async (args, io, cli) => runGuard(parseGuardArgs(args), io, (await cli.vault()).profiles),
}
