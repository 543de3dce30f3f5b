import { KeywardError, isKeywardError } from '../../../shared/errors'
import { findForwardedSocket } from '../../core/serving/forward/forwarded-location'
import type { BindingsService } from '../../core/keys/bindings/bindings-service'
import { type Command, parseFlags, printJson } from '../command'
import { EXIT } from '../exit-codes'
import type { CliIO } from '../io'

/** What `keyward use` was asked to do. */
export interface UseOptions {
  readonly profile: string
  readonly dir: string
  readonly json: boolean
  /** Record NAME even when no profile here has it: its key comes from a laptop over keyward ssh. */
  readonly forwarded: boolean
}

/** Parses `keyward use NAME [--dir DIR] [--forwarded] [--json]`; DIR defaults to the working directory. */
export function parseUseArgs(args: string[]): UseOptions {
  const { values, positionals } = parseFlags(args, { dir: { type: 'string', default: '.' }, json: { type: 'boolean', default: false }, forwarded: { type: 'boolean', default: false } })
  if (positionals.length !== 1) throw new KeywardError('INVALID_INPUT', 'name the profile to bind: keyward use NAME [--dir DIR]')
  return { profile: positionals[0]!, dir: values.dir, json: values.json, forwarded: values.forwarded }
}

/** Binds a directory (and everything under it) to a profile. */
export async function runUse(options: UseOptions, io: CliIO, bindings: BindingsService): Promise<number> {
  // A name with no profile here is recorded on a machine keys are forwarded to (a keyward ssh session
  // is open, or --forwarded says so); elsewhere it is a typo, refused with the way to record it anyway.
  const forwarded = options.forwarded || findForwardedSocket(io.env) !== null
  const bound = await bindings.set(options.dir, options.profile, { forwarded }).catch((error: unknown) => {
    if (isKeywardError(error) && error.code === 'NOT_FOUND') {
      throw new KeywardError('NOT_FOUND', `${error.message} (on a server whose keys come from your laptop over keyward ssh, record the name anyway: keyward use ${options.profile} --forwarded)`)
    }
    throw error
  })
  if (options.json) printJson(io, bound)
  else {
    const was = bound.replaced && bound.replaced !== bound.profile ? ` (was ${bound.replaced})` : ''
    io.stdout.write(`Bound ${bound.directory} and its subdirectories to ${bound.profile}${was}.\n`)
    if (!bound.stored) {
      io.stdout.write(
        `No profile ${bound.profile} is stored on this machine: tools here get its key only from a laptop that forwards it (there: keyward forward ${bound.profile}, then keyward ssh to here). To store a key here instead, run: keyward add ${bound.profile}\n`,
      )
    }
  }
  return EXIT.OK
}

/** `keyward use`. */
export const useCommand: Command = {
  summary: 'bind a directory (default: this one) to a profile',
  help: `Usage: keyward use NAME [--dir DIR] [--forwarded] [--json]

Binds DIR (default: the working directory; its real path, symlinks resolved) and everything
under it to the API-key profile NAME. The nearest bound parent of a directory wins.
On a server reached with keyward ssh, NAME need not be stored there: within a keyward ssh session
(or with --forwarded) the name is recorded and its key comes from the laptop, which must mark it
forwardable (keyward forward NAME there).
  --forwarded  record NAME even though no profile of that name is stored on this machine
  --json   print {directory, profile, replaced}`,
  run: async (args, io, cli) => runUse(parseUseArgs(args), io, (await cli.vault()).bindings),
}
