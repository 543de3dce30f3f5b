import { spawn } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { KEYWARD_BIN } from '../support/daemon'

/** `keyward daemon` started where no OS keychain answers (no D-Bus session, no display). */
test('the daemon says at once that no keychain answers, with both fixes, once', async () => {
  const env: NodeJS.ProcessEnv = { ...process.env, KEYWARD_HOME: await mkdtemp(join(tmpdir(), 'keyward-nokeychain-')), DISPLAY: '' }
  delete env.DBUS_SESSION_BUS_ADDRESS
  const child = spawn(KEYWARD_BIN, ['daemon', '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let err = ''
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()))
  try {
    await expect.poll(() => err, { timeout: 15_000 }).toContain('keyward vault init --backend file')
  } finally {
    child.kill('SIGTERM')
  }
  expect(err).toMatch(/^keyward: no OS keychain answers here, so keys cannot be added or served yet: .*Secret Service.*.*keep keys in an encrypted file instead: keyward vault init --backend file\.$/m)
  expect(err.match(/keyward vault init --backend file/g)).toHaveLength(1)
})
