import { KeywardError } from '../../../shared/errors'
import type { BindingsService } from '../../core/bindings/bindings-service'
import { type Command, parseFlags, printJson } from '../command'
import { EXIT } from '../exit-codes'
import type { CliIO } from '../io'
import { openCliVault } from '../open-vault'

/** What `keyward use` was asked to do. */
export interface UseOptions {
  readonly profile: string
  readonly dir: string
  readonly json: boolean
}

/** Parses `keyward use NAME [--dir DIR] [--json]`; DIR defaults to the working directory. */
export function parseUseArgs(args: string[]): UseOptions {
  const { values, positionals } = parseFlags(args, { dir: { type: 'string', default: '.' }, json: { type: 'boolean', default: false } })
  if (positionals.length !== 1) throw new KeywardError('INVALID_INPUT', 'name the profile to bind: keyward use NAME [--dir DIR]')
  return { profile: positionals[0]!, dir: values.dir, json: values.json }
}

/** Binds a directory (and everything under it) to a profile. */
export async function runUse(options: UseOptions, io: CliIO, bindings: BindingsService): Promise<number> {
  // A name with no profile here is recorded too: on a remote machine its key comes from a laptop over keyward ssh.
  const bound = await bindings.set(options.dir, options.profile, { forwarded: true })
  if (options.json) printJson(io, bound)
  else {
    const was = bound.replaced && bound.replaced !== bound.profile ? ` (was ${bound.replaced})` : ''
    io.stdout.write(`Bound ${bound.directory} and its subdirectories to ${bound.profile}${was}.\n`)
    if (!bound.stored) {
      io.stdout.write(`No profile ${bound.profile} is stored on this machine: tools here get its key only from a laptop that forwards it (there: keyward forward ${bound.profile}, then keyward ssh to here). To store a key here instead, run: keyward add ${bound.profile}\n`)
    }
  }
  return EXIT.OK
}

/** `keyward use`. */
export const useCommand: Command = {
  summary: 'bind a directory (default: this one) to a profile',
  help: `Usage: keyward use NAME [--dir DIR] [--json]

Binds DIR (default: the working directory; its real path, symlinks resolved) and everything
under it to the API-key profile NAME. The nearest bound parent of a directory wins.
NAME need not be stored on this machine: on a server reached with keyward ssh, the name is
recorded and its key comes from the laptop (which must mark it: keyward forward NAME).
  --json   print {directory, profile, replaced}`,
  run: (args, io) => runUse(parseUseArgs(args), io, openCliVault(io).bindings),
}
