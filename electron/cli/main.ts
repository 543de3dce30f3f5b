import { reportFailure } from './command'
import { processIO, terminalSafeIO } from './io'
import { runCli } from './run-cli'

// The packaged launcher (resources/bin/keyward, keyward.cmd) sets ELECTRON_RUN_AS_NODE only so the app's
// own binary runs this file as Node; passed on, it would make any Electron-based program that
// `keyward exec` starts (an editor, another tray app) run as plain Node instead.
delete process.env.ELECTRON_RUN_AS_NODE

runCli(process.argv.slice(2), processIO()).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    process.exitCode = reportFailure(terminalSafeIO(processIO()), error)
  },
)
