import { existsSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'

/** Where `keyward service install` writes the systemd user unit: `$XDG_CONFIG_HOME/systemd/user/keyward.service`. */
export function systemdUnitPath(env: NodeJS.ProcessEnv): string {
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'systemd', 'user', 'keyward.service')
}

/**
 * How to start the daemon, for messages that need one: `keyward daemon`, and the systemd way only
 * when its user unit is installed (suggesting a service that does not exist would fail).
 */
export function startDaemonHint(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  return platform === 'linux' && existsSync(systemdUnitPath(env)) ? 'keyward daemon, or: systemctl --user start keyward' : 'keyward daemon'
}
