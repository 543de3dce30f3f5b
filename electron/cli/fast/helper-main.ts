/*
 * The entry bin/keyward runs for `keyward helper` (out/cli/helper/keyward-helper.cjs): the helper
 * itself (helper-run.ts), bundled into this one file. No compile cache at this point: turning it on
 * loads node:module and checks the cache directory, which cost more than compiling these few
 * kilobytes saves (about 3 ms a run, measured in bench/run.js); the path without a daemon turns it
 * on before it loads its bigger chunks (helper.ts).
 */
import './helper-run'
