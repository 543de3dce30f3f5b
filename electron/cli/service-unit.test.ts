import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { skipBecause } from '../../test/support/skip'
import { installService } from './commands/daemon'
import { launchdAgent, systemdUnit } from './service-unit'

const hasSystemdAnalyze = spawnSync('systemd-analyze', ['--version']).status === 0

function verify(path: string): { status: number | null; output: string } {
  const run = spawnSync('systemd-analyze', ['verify', path], { encoding: 'utf8' })
  return { status: run.status, output: `${run.stdout}${run.stderr}` }
}

describe('keyward daemon --install-service', () => {
  it('writes a systemd user unit that systemd-analyze verify accepts, and says how to enable it', async (context) => {
    const configHome = mkdtempSync(join(tmpdir(), 'keyward-unit-'))
    let stdout = ''
    const io = {
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: () => {} },
      stdin: new PassThrough(),
      env: { XDG_CONFIG_HOME: configHome, KEYWARD_HOME: '/srv/keyward data/100%' },
      cwd: '/',
    }
    expect(await installService(io, 'linux')).toBe(0)
    const path = join(configHome, 'systemd', 'user', 'keyward.service')
    expect(stdout).toContain(`Wrote ${path}`)
    expect(stdout).toContain('systemctl --user daemon-reload && systemctl --user enable --now keyward')
    const text = readFileSync(path, 'utf8')
    expect(text).toContain(`ExecStart="${process.execPath}" "${process.argv[1]}" daemon`)
    // Spaces are quoted and % is escaped, as systemd.syntax(7) requires.
    expect(text).toContain('Environment="KEYWARD_HOME=/srv/keyward data/100%%"')
    expect(text).toContain('LoadCredential=keyward-vault-passphrase:')
    if (!hasSystemdAnalyze) skipBecause(context, 'systemd-analyze verify: systemd-analyze is not installed')
    expect(verify(path)).toMatchObject({ status: 0 })
    // The check means something: a unit whose program does not exist is refused.
    const broken = join(configHome, 'broken.service')
    writeFileSync(broken, text.replace(process.execPath, '/nonexistent/node'))
    expect(verify(broken).status).not.toBe(0)
  })

  it('writes a launchd agent on macOS with the same program and environment', () => {
    const agent = launchdAgent({ execPath: '/usr/local/bin/node', cliPath: '/opt/keyward/out/cli/keyward.js', env: { KEYWARD_HOME: '/Users/a&b' }, electron: true })
    expect(agent.path).toMatch(/Library\/LaunchAgents\/dev\.keyward\.daemon\.plist$/)
    expect(agent.text).toContain('<string>/usr/local/bin/node</string>\n    <string>/opt/keyward/out/cli/keyward.js</string>\n    <string>daemon</string>')
    expect(agent.text).toContain('<key>KEYWARD_HOME</key><string>/Users/a&amp;b</string>')
    expect(agent.text).toContain('<key>ELECTRON_RUN_AS_NODE</key><string>1</string>')
    expect(agent.enable).toBe(`launchctl bootstrap gui/$(id -u) ${agent.path}`)
  })

  it("passes ELECTRON_RUN_AS_NODE to the packaged app's binary only", () => {
    const target = { execPath: '/opt/Keyward/keyward', cliPath: '/opt/Keyward/resources/app.asar/out/cli/keyward.js', env: {} }
    expect(systemdUnit({ ...target, electron: true }).text).toContain('Environment="ELECTRON_RUN_AS_NODE=1"')
    expect(systemdUnit({ ...target, electron: false }).text).not.toContain('ELECTRON_RUN_AS_NODE')
  })

  it('refuses other platforms with what to do instead', async () => {
    const io = { stdout: { write: () => {} }, stderr: { write: () => {} }, stdin: new PassThrough(), env: {}, cwd: '/' }
    await expect(installService(io, 'win32')).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('start keyward daemon from your session') })
  })
})
