import type { ProfileSummary } from '../../../shared/contract/profiles.contract'
import { KeywardError } from '../../../shared/errors'
import type { ProfilesService } from '../../core/keys/profiles/profiles-service'
import { type Command, parseFlags, printJson } from '../command'
import { EXIT } from '../exit-codes'
import type { CliIO } from '../io'
import { resolveDataDir } from '../../core/platform/paths'
import { backendLabel } from '../../core/vault/backend'
import { promptHidden, readSecretFromPipe } from '../read-secret'

/** What `keyward add` was asked to do; the key itself never comes from argv. */
export interface AddOptions {
  readonly name: string
  readonly admin: boolean
  readonly keyStdin: boolean
  /** Guarded: the desktop app asks a person before a tool gets it; without the app it is refused. */
  readonly requireApproval: boolean
  readonly json: boolean
}

/** Parses `keyward add NAME [--admin] [--key-stdin] [--require-approval] [--json]`. */
export function parseAddArgs(args: string[]): AddOptions {
  const { values, positionals } = parseFlags(args, {
    admin: { type: 'boolean', default: false },
    'key-stdin': { type: 'boolean', default: false },
    'require-approval': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  })
  if (positionals.length !== 1) {
    throw new KeywardError('INVALID_INPUT', positionals.length === 0 ? 'name the profile: keyward add NAME' : 'add takes one NAME; the key is read from stdin or a hidden prompt, never from arguments')
  }
  if (values.admin && values['require-approval']) {
    throw new KeywardError('INVALID_INPUT', '--require-approval is for API keys; Admin keys are never served to tools')
  }
  return { name: positionals[0]!, admin: values.admin, keyStdin: values['key-stdin'], requireApproval: values['require-approval'], json: values.json }
}

/** Reads the key: from stdin when piped or asked to, else a hidden prompt on the terminal. */
export async function readKey(options: AddOptions, io: CliIO): Promise<string> {
  if (options.keyStdin && io.stdin.isTTY) {
    throw new KeywardError('INVALID_INPUT', '--key-stdin expects the key on a pipe, and stdin is a terminal; drop --key-stdin to be prompted with the input hidden')
  }
  if (options.keyStdin || !io.stdin.isTTY) return readSecretFromPipe(io.stdin)
  return promptHidden(io, `Paste the ${options.admin ? 'Admin' : 'API'} key for "${options.name}" (input hidden), then Enter: `)
}

/** Stores a new profile and prints its hint. */
export async function runAdd(options: AddOptions, io: CliIO, profiles: ProfilesService, where = 'the OS keychain'): Promise<number> {
  const key = await readKey(options, io)
  const added: ProfileSummary = await profiles.add({ name: options.name, kind: options.admin ? 'admin' : 'api', key, requiresApproval: options.requireApproval })
  if (options.json) printJson(io, added)
  else {
    io.stdout.write(`Added profile ${added.name} (${added.kind} key ${added.hint}) to ${where}.\n`)
    if (added.requiresApproval) {
      io.stdout.write(`Guarded: the Keyward desktop app asks you before a tool gets it; the headless daemon, or no app at all, refuses it (turn off: keyward guard ${added.name} --off).\n`)
    }
    if (added.kind === 'api') io.stdout.write(`Bind a project to it: keyward use ${added.name} --dir <project>\n`)
  }
  return EXIT.OK
}

/** `keyward add`. */
export const addCommand: Command = {
  summary: 'store a key in the OS keychain under a profile name',
  help: `Usage: keyward add NAME [--admin] [--key-stdin] [--require-approval] [--json]

Stores an API key (sk-ant-api03-…) or, with --admin, an Admin key (sk-ant-admin01-…) in the
OS keychain under NAME (letters, digits, ".", "_", "-"). The key is read from stdin when it is
piped (or with --key-stdin), otherwise from a prompt with the input hidden; never from arguments.
  printf %s "$KEY" | keyward add acme
  --require-approval   guard it: the desktop app asks you before a tool gets it; without the
                       desktop app it is refused (see keyward guard --help)
                       (see keyward guard)
  --json               print the new profile (name, kind, hint; never the key)`,
  run: async (args, io, cli) => runAdd(parseAddArgs(args), io, (await cli.vault()).profiles, backendLabel(resolveDataDir(io.env))),
}
