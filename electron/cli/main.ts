import { enablePrivateCompileCache } from './fast/compile-cache'

/*
 * The entry bin/keyward runs for every command but `helper` and `statusline` (out/cli/keyward.js).
 * It turns on the private compile cache first and only then loads the CLI with import(): static
 * imports are evaluated before a module's body, so the CLI's modules would otherwise be compiled
 * from source before the cache was on (measured: module compilation is a large part of a command's start).
 */
enablePrivateCompileCache()

// The packaged launcher (resources/bin/keyward, keyward.cmd) sets ELECTRON_RUN_AS_NODE only so the app's
// own binary runs this file as Node; passed on, it would make any Electron-based program that
// `keyward exec` starts (an editor, another tray app) run as plain Node instead.
delete process.env.ELECTRON_RUN_AS_NODE

const [{ reportFailure }, { processIO, terminalSafeIO }, { runCli }] = await Promise.all([import('./command'), import('./io'), import('./run-cli')])

runCli(process.argv.slice(2), processIO()).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    process.exitCode = reportFailure(terminalSafeIO(processIO()), error)
  },
)
