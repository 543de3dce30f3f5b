import { KeywardError } from '../../../shared/errors'
import { EMULATOR_DEFAULTS, startEmulator } from '../../emulator'
import { emulatorBanner, parseEmulatorArgs } from '../../emulator/cli-options'
import type { Command } from '../command'
import { EXIT } from '../exit-codes'

/** `keyward emulator`: the Admin API emulator on its own, for trying the SDK or other tools against it. */
export const emulatorCommand: Command = {
  summary: 'run the Admin API emulator (a seeded demo org) and print its base URL and Admin key',
  help: `Usage: keyward emulator [--port N] [--seed N] [--keys N] [--days N] [--people N] [--runaway H]

Serves a seeded demo org on 127.0.0.1 in the Admin API's wire format until Ctrl-C, and prints
its base URL and Admin key. The key is a demo key: it opens only this emulator.
  --port N  port (default ${EMULATOR_DEFAULTS.port}: a free one)
  --seed N  seed for the org and its usage (default ${EMULATOR_DEFAULTS.seed})
  --keys N  number of org API keys (default ${EMULATOR_DEFAULTS.keys})
  --days N  days of usage before now (default ${EMULATOR_DEFAULTS.days})
  --people N  org users at least (default: about one per eight keys, 6 to 150)
  --runaway H  stage a runaway-script hour H hours ago (1-24): one key spends far above its usual`,
  async run(args, io) {
    let options
    try {
      options = parseEmulatorArgs(args)
    } catch (error) {
      throw new KeywardError('INVALID_INPUT', error instanceof Error ? error.message : String(error))
    }
    const handle = await startEmulator(options)
    io.stdout.write(`${emulatorBanner(handle).join('\n')}\n`)
    await new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve())
      process.once('SIGTERM', () => resolve())
    })
    await handle.close()
    return EXIT.OK
  },
}
