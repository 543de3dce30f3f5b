import { KeywardError } from '../../../shared/errors'
import type { RotationService } from '../../core/org/rotation/rotation-service'
import { type Command, parseFlags, printJson } from '../command'
import { EXIT } from '../exit-codes'
import type { CliIO } from '../io'
import { promptHidden, readSecretFromPipe } from '../read-secret'

/** What `keyward rotate` was asked to do; the new key never comes from argv. */
export type RotateOptions =
  | { readonly action: 'status'; readonly json: boolean }
  | { readonly action: 'rotate'; readonly name: string; readonly keyStdin: boolean; readonly quietHours: number | undefined; readonly json: boolean }
  | { readonly action: 'retire'; readonly name: string; readonly confirm: boolean; readonly json: boolean }

/** Parses `keyward rotate [NAME] [--key-stdin] [--quiet-hours N] [--retire [--yes]] [--json]`. */
export function parseRotateArgs(args: string[]): RotateOptions {
  const { values, positionals } = parseFlags(args, {
    'key-stdin': { type: 'boolean', default: false },
    'quiet-hours': { type: 'string' },
    retire: { type: 'boolean', default: false },
    yes: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  })
  if (positionals.length > 1) throw new KeywardError('INVALID_INPUT', 'rotate takes one profile NAME; the new key is read from stdin or a hidden prompt, never from arguments')
  const name = positionals[0]
  if (name === undefined) return { action: 'status', json: values.json }
  if (values.retire) return { action: 'retire', name, confirm: values.yes, json: values.json }
  let quietHours: number | undefined
  if (values['quiet-hours'] !== undefined) {
    quietHours = Number(values['quiet-hours'])
    if (!Number.isInteger(quietHours) || quietHours < 1 || quietHours > 720) throw new KeywardError('INVALID_INPUT', '--quiet-hours must be a whole number of hours from 1 to 720')
  }
  return { action: 'rotate', name, keyStdin: values['key-stdin'], quietHours, json: values.json }
}

/** Reads the new key: from a pipe, else a hidden prompt. */
async function readNewKey(name: string, keyStdin: boolean, io: CliIO): Promise<string> {
  if (keyStdin && io.stdin.isTTY) throw new KeywardError('INVALID_INPUT', '--key-stdin expects the key on a pipe, and stdin is a terminal; drop --key-stdin to be prompted with the input hidden')
  if (keyStdin || !io.stdin.isTTY) return readSecretFromPipe(io.stdin)
  return promptHidden(io, `Paste the NEW API key for "${name}" (input hidden), then Enter: `)
}

/** Runs `keyward rotate`. */
export async function runRotate(options: RotateOptions, io: CliIO, rotation: RotationService): Promise<number> {
  if (options.action === 'status') {
    const overview = await rotation.overview()
    if (options.json) {
      printJson(io, overview)
      return EXIT.OK
    }
    for (const p of overview.profiles) {
      const org = p.orgKey ? `${p.orgKey.orgName} ${p.orgKey.keyId} (${p.orgKey.status}, workspace ${p.orgKey.workspaceId ?? '-'})` : 'no org key matched'
      const state = p.pending ? `rotating since ${p.pending.startedAt}` : p.rotationDue ? `DUE (older than ${overview.ageDays} days)` : 'ok'
      io.stdout.write(`${p.profile.padEnd(20)} ${p.hint}  ${String(p.ageDays).padStart(4)} d  ${state}  ${org}\n`)
    }
    if (overview.profiles.length === 0) io.stdout.write('No API-key profiles yet; add one with: keyward add NAME\n')
    for (const e of overview.errors) io.stderr.write(`keyward: ${e.message}\n`)
    return EXIT.OK
  }
  if (options.action === 'rotate') {
    const key = await readNewKey(options.name, options.keyStdin, io)
    const pending = await rotation.rotate(options.name, key, options.quietHours === undefined ? {} : { quietHours: options.quietHours })
    if (options.json) printJson(io, pending)
    else {
      io.stdout.write(`Profile ${options.name} now serves its new key. The old key ${pending.oldHint} stays active until it has been unused for ${pending.quietHours} h.\n`)
      io.stdout.write(`Then run: keyward rotate ${options.name} --retire   (or --retire --yes to deactivate it now)\n`)
    }
    return EXIT.OK
  }
  const result = await rotation.retire(options.name, options.confirm)
  if (options.json) printJson(io, result)
  else io.stdout.write(`${result.message}\n`)
  return result.retired ? EXIT.OK : EXIT.FAILED
}

/** `keyward rotate`. */
export const rotateCommand: Command = {
  summary: "rotate a profile's API key: serve the new one now, deactivate the old one once unused",
  help: `Usage: keyward rotate                                  list profiles with org key, age and reminders
       keyward rotate NAME [--key-stdin] [--quiet-hours N]  put in the new key and serve it at once
       keyward rotate NAME --retire [--yes]               deactivate the old key

The new key is read from stdin (--key-stdin, or when piped) or a hidden prompt, never from
arguments, checked against the org the old key belongs to, and served at once; the old key is
kept in the keychain. --retire deactivates the old key through the Admin API once the analytics
report shows no usage of it for the quiet window (default 24 h); --yes deactivates it now.
Exit status 1 from --retire means the old key is still in use (or the window has not passed).
  printf %s "$NEW_KEY" | keyward rotate acme --key-stdin
  --json  print JSON`,
  async run(args, io, cli) {
    const options = parseRotateArgs(args)
    return runRotate(options, io, (await cli.orgAdmin()).rotation)
  },
}
