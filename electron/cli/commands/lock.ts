import { type Command, parseFlags, printJson } from '../command'
import { askDaemon, noDaemon, vaultStatusOf } from '../daemon-vault'
import { EXIT } from '../exit-codes'
import type { CliIO } from '../io'
import { describeVaultState } from './unlock'
import { SOCKET_PROTOCOL_VERSION } from '../../core/serving/socket/wire'

/** Tells the running daemon to drop the file vault's keys from memory. */
export async function runLock(options: { json: boolean }, io: CliIO): Promise<number> {
  const reply = await askDaemon(io, { v: SOCKET_PROTOCOL_VERSION, op: 'lock' })
  if (reply === null) throw noDaemon(io, "lock (the keys are in no process's memory)")
  const vault = vaultStatusOf(reply)
  if (options.json) printJson(io, vault)
  else io.stdout.write(`${describeVaultState(vault)}\n`)
  return EXIT.OK
}

/** `keyward lock`. */
export const lockCommand: Command = {
  summary: 'lock the file vault: the daemon drops its keys from memory',
  help: `Usage: keyward lock [--json]

Tells the running daemon to forget the file vault's keys. Until the next keyward unlock, the helper,
exec and env refuse with a line that says so (exit 4). The file itself is not touched.`,
  run: (args, io) => runLock({ json: parseFlags(args, { json: { type: 'boolean', default: false } }, false).values.json }, io),
}
