import { enablePrivateCompileCache } from './compile-cache'

/*
 * The entry bin/keyward runs for `keyward helper` (out/cli/helper/keyward-helper.cjs): turns on the
 * private compile cache first, so that the helper itself (helper-run.ts, its own chunk, loaded after
 * this) is compiled from the cache rather than from source at every run.
 */
enablePrivateCompileCache()
void import('./helper-run')
