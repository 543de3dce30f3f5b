import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { APP_USER_MODEL_ID, setWindowsAppUserModelId } from './app-identity'

vi.mock('electron', () => ({}))

describe('Windows AppUserModelID', () => {
  it('equals electron.builder.yml’s appId (the id the installer gives its shortcut)', () => {
    const yml = readFileSync(resolve(import.meta.dirname, '../../electron.builder.yml'), 'utf8')
    expect(/^appId:\s*(\S+)\s*$/m.exec(yml)?.[1]).toBe(APP_USER_MODEL_ID)
  })

  it('is set on win32 only (app.setAppUserModelId is a Windows API)', () => {
    for (const [platform, calls] of [
      ['win32', 1],
      ['darwin', 0],
      ['linux', 0],
    ] as const) {
      const app = { setAppUserModelId: vi.fn() }
      setWindowsAppUserModelId(app, platform)
      expect(app.setAppUserModelId).toHaveBeenCalledTimes(calls)
      if (calls) expect(app.setAppUserModelId).toHaveBeenCalledWith('dev.keyward.app')
    }
  })
})
