import { _electron as electron, expect, test } from '@playwright/test'
import { findElectronBinary } from '../support/electron-binary'

const binary = findElectronBinary()
const reason = 'SKIPPED: the Electron binary is not installed here (its download host is unreachable from this machine); this test runs wherever `npx install-electron` has fetched it'

test.describe('Electron app', () => {
  test.skip(!binary, reason)
  if (!binary) console.log(reason)

  test('launches the built app and the renderer reaches the core over IPC', async () => {
    const app = await electron.launch({ executablePath: binary!, args: ['out/main/index.js'], env: { ...process.env, KEYWARD_HOME: `/tmp/keyward-electron-${Date.now()}` } })
    const window = await app.firstWindow()
    await expect(window.getByTestId('status')).toContainText('electron')
    const exposed = await window.evaluate(() => Object.keys((window as unknown as { keyward: object }).keyward).sort())
    expect(exposed).toContain('app.info')
    expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined')
    await app.close()
  })
})
