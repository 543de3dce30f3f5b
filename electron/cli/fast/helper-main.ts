import { runHelperProcess } from './helper-run'

/*
 * `out/cli/helper/keyward`: the helper's entry and the direct launcher in one file. bin/keyward runs
 * it with Node for `keyward helper`; the build puts this project's Node on its `#!` line
 * (electron/cli/launcher/direct-launcher.ts), and `keyward claude setup` writes it into Claude
 * Code's settings, so Claude Code's `sh -c` starts Node on it directly. A launcher that required
 * this entry cost about 2 ms of every helper start (one more file for Node to find, read and
 * compile; measured in bench/run.js), so the dispatch is here: the helper runs in this file; the
 * status line's entry and the full CLI (through full-cli.cjs, which holds its import(): an import()
 * in this file would make Node prepare its ES module loader at every helper start) load beside it.
 * The helper itself (helper-run.ts) is bundled in, without the compile cache, which cost more to
 * turn on than it saved here.
 */
const command = process.argv[2]
if (command === 'helper') runHelperProcess()
else if (command === 'statusline') {
  // @ts-expect-error: a built file beside this one at run time (external in cli.vite.config.ts), not a source
  void import('../statusline/keyward-statusline.cjs') // eslint-disable-line keyward/import-boundaries
} else {
  // @ts-expect-error: as above
  void import('./full-cli.cjs')
}
