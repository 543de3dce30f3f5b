import { homedir } from 'node:os'
import { join } from 'node:path'
import { systemdUnitPath } from './fast/daemon-start-hint'
import { PASSPHRASE_CREDENTIAL } from './passphrase'

/** A service definition to write: where, what, and how to turn it on. */
export interface ServiceFile {
  readonly path: string
  readonly text: string
  readonly enable: string
}

/** What the daemon's service runs: this Node (or Electron-as-Node), this CLI, `daemon`, and KEYWARD_HOME if set. */
export interface ServiceTarget {
  readonly execPath: string
  readonly cliPath: string
  readonly env: NodeJS.ProcessEnv
  readonly electron: boolean
}

/** One systemd ExecStart word: quoted, with `\`, `"` and `%` escaped as systemd.syntax(7) says. */
function systemdWord(word: string): string {
  return `"${word.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/%/g, '%%')}"`
}

function systemdEnv(name: string, value: string): string {
  return `Environment=${systemdWord(`${name}=${value}`)}`
}

/**
 * The systemd user unit (`~/.config/systemd/user/keyward.service`). The file vault's passphrase can
 * come from a systemd credential named keyward-vault-passphrase (LoadCredential=), which the daemon
 * reads from $CREDENTIALS_DIRECTORY at start and unlocks with.
 */
export function systemdUnit(target: ServiceTarget): ServiceFile {
  const env = [...(target.env.KEYWARD_HOME ? [systemdEnv('KEYWARD_HOME', target.env.KEYWARD_HOME)] : []), ...(target.electron ? [systemdEnv('ELECTRON_RUN_AS_NODE', '1')] : [])]
  const text = `[Unit]
Description=Keyward daemon: serves API keys to keyward helper, syncs usage

[Service]
Type=simple
ExecStart=${systemdWord(target.execPath)} ${systemdWord(target.cliPath)} daemon
${env.map((line) => `${line}\n`).join('')}Restart=on-failure
UMask=0077
NoNewPrivileges=yes
# To unlock the file vault at start, keep its passphrase in a file only you can read and add:
#   LoadCredential=${PASSPHRASE_CREDENTIAL}:%h/.config/keyward/vault-passphrase

[Install]
WantedBy=default.target
`
  return { path: systemdUnitPath(target.env), text, enable: 'systemctl --user daemon-reload && systemctl --user enable --now keyward' }
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/** The launchd agent on macOS (`~/Library/LaunchAgents/dev.keyward.daemon.plist`). */
export function launchdAgent(target: ServiceTarget): ServiceFile {
  const env: Record<string, string> = {
    ...(target.env.KEYWARD_HOME ? { KEYWARD_HOME: target.env.KEYWARD_HOME } : {}),
    ...(target.electron ? { ELECTRON_RUN_AS_NODE: '1' } : {}),
  }
  const envXml =
    Object.keys(env).length === 0
      ? ''
      : `  <key>EnvironmentVariables</key>\n  <dict>\n${Object.entries(env)
          .map(([k, v]) => `    <key>${xml(k)}</key><string>${xml(v)}</string>\n`)
          .join('')}  </dict>\n`
  const path = join(homedir(), 'Library', 'LaunchAgents', 'dev.keyward.daemon.plist')
  const text = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>Label</key><string>dev.keyward.daemon</string>
  <key>ProgramArguments</key>
  <array>
    <string>${xml(target.execPath)}</string>
    <string>${xml(target.cliPath)}</string>
    <string>daemon</string>
  </array>
${envXml}  <key>RunAtLoad</key><true/>
  <key>KeepAlive</key><true/>
</dict>
</plist>
`
  return { path, text, enable: `launchctl bootstrap gui/$(id -u) ${path}` }
}
