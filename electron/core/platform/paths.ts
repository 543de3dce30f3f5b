import { homedir } from 'node:os'
import { join } from 'node:path'
import { ensurePrivateDir } from './fs/private-dir'

/**
 * Where Keyward keeps its config, caches and audit log. `KEYWARD_HOME` wins (tests use it);
 * otherwise the platform's per-user app-data directory.
 */
export function resolveDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (env.KEYWARD_HOME) return env.KEYWARD_HOME
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Keyward')
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Keyward')
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'keyward')
}

/**
 * Checks the data directory before anything in it is trusted: another user's directory (or one
 * another user could swap) is refused with CONFLICT and what to do; ours but open to others is
 * tightened to 0700 with one warning. A missing one is fine (created 0700 on the first write).
 */
export function checkDataDir(dataDir: string): void {
  ensurePrivateDir(dataDir, { create: false })
}
