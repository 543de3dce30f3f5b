import { enablePrivateCompileCache } from './compile-cache'

/*
 * The entry bin/keyward runs for `keyward statusline` (out/cli/statusline/keyward-statusline.cjs):
 * the private compile cache first, then the status line itself (statusline-run.ts, its own chunk).
 */
enablePrivateCompileCache()
void import('./statusline-run')
