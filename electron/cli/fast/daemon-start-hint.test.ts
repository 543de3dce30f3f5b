import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startDaemonHint } from './daemon-start-hint'
import { fileVaultNeedsDaemon } from './helper-direct'
import { noDaemon } from '../daemon-vault'
import type { CliIO } from '../io'

describe('how the locked-vault messages say to start the daemon', () => {
  const configHome = mkdtempSync(join(tmpdir(), 'keyward-xdg-'))
  const env = { XDG_CONFIG_HOME: configHome, KEYWARD_HOME: join(configHome, 'data') }

  it('suggests only keyward daemon when no systemd user unit is installed', () => {
    expect(startDaemonHint(env, 'linux')).toBe('keyward daemon')
    expect(fileVaultNeedsDaemon(env)).toBe('the file vault is locked: no Keyward daemon is running to hold it; start one (keyward daemon), then run: keyward unlock')
    expect(noDaemon({ env } as unknown as CliIO, 'unlock').message).not.toContain('systemctl')
  })

  it('names systemctl --user start keyward once the unit exists (on Linux only)', () => {
    mkdirSync(join(configHome, 'systemd', 'user'), { recursive: true })
    writeFileSync(join(configHome, 'systemd', 'user', 'keyward.service'), '[Unit]\n')
    expect(startDaemonHint(env, 'linux')).toBe('keyward daemon, or: systemctl --user start keyward')
    expect(noDaemon({ env } as unknown as CliIO, 'unlock').message).toContain('start it (keyward daemon, or: systemctl --user start keyward), then run: keyward unlock')
    expect(startDaemonHint(env, 'darwin')).toBe('keyward daemon')
  })
})
