import type { IpcMain, IpcMainInvokeEvent } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import { RPC_CHANNEL } from '../../shared/ipc'
import type { Router } from '../core/router'
import { registerRpcHandler } from './ipc.main'
import { type SenderFrame, isTrustedSender } from './trusted-sender'

vi.mock('electron', () => ({}))

// Chromium reports file URLs with an upper-case drive letter; pathToFileURL keeps the path's case.
const rendererUrl = 'file:///c:/Program%20Files/Keyward/resources/app.asar/out/renderer/index.html'
const chromiumUrl = 'file:///C:/Program%20Files/Keyward/resources/app.asar/out/renderer/index.html'

/** A window as Electron 45 has it: one WebFrameMain object per frame, `webContents.mainFrame` the top one. */
function fakeWindow(url = chromiumUrl) {
  const mainFrame: { url: string; detached: boolean } = { url, detached: false }
  let destroyed = false
  return { mainFrame, win: { isDestroyed: () => destroyed, webContents: { mainFrame } }, destroy: () => (destroyed = true) }
}

function setup() {
  let handler: ((event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>) | undefined
  const ipcMain = {
    handle: vi.fn((channel: string, fn: typeof handler) => {
      expect(channel).toBe(RPC_CHANNEL)
      handler = fn
    }),
    removeHandler: vi.fn(),
  } as unknown as IpcMain
  const router: Router = { call: vi.fn(async () => ({ ok: true as const, value: 'v' })) }
  const dashboard = fakeWindow()
  const dispose = registerRpcHandler(ipcMain, router, (frame) => isTrustedSender(frame as SenderFrame | null, dashboard.win, [rendererUrl]))
  const invoke = (senderFrame: SenderFrame | null, name: string, input: unknown) => handler!({ senderFrame } as unknown as IpcMainInvokeEvent, name, input)
  return { ipcMain, router, dispose, invoke, dashboard }
}

describe('registerRpcHandler', () => {
  it('routes calls from the dashboard’s own top frame, whatever the case of its drive letter', async () => {
    const { router, invoke, dashboard } = setup()
    expect(await invoke(dashboard.mainFrame, 'app.info', {})).toEqual({ ok: true, value: 'v' })
    dashboard.mainFrame.url = `${rendererUrl}#/profiles`
    expect(await invoke(dashboard.mainFrame, 'app.info', {})).toEqual({ ok: true, value: 'v' })
    expect(router.call).toHaveBeenCalledWith('app.info', {}, { transport: 'ipc' })
  })

  it('refuses an iframe, another window showing the same page, a detached or navigated top frame, a null senderFrame, a closed window', async () => {
    const { router, invoke, dashboard } = setup()
    const iframe = { url: chromiumUrl, detached: false }
    const otherWindow = fakeWindow()
    for (const frame of [iframe, otherWindow.mainFrame, null]) {
      expect(await invoke(frame, 'app.info', {})).toMatchObject({ ok: false, error: { code: 'NOT_ALLOWED' } })
    }
    dashboard.mainFrame.detached = true
    expect(await invoke(dashboard.mainFrame, 'app.info', {})).toMatchObject({ ok: false, error: { code: 'NOT_ALLOWED' } })
    dashboard.mainFrame.detached = false
    for (const url of ['https://evil.example/', 'file:///C:/Users/u/Downloads/evil.html', 'file:///C:/Program%20Files/Keyward/resources/app.asar/out/renderer/prompt.html']) {
      dashboard.mainFrame.url = url
      expect(await invoke(dashboard.mainFrame, 'app.info', {})).toMatchObject({ ok: false, error: { code: 'NOT_ALLOWED' } })
    }
    dashboard.mainFrame.url = chromiumUrl
    dashboard.destroy()
    expect(await invoke(dashboard.mainFrame, 'app.info', {})).toMatchObject({ ok: false, error: { code: 'NOT_ALLOWED' } })
    expect(router.call).not.toHaveBeenCalled()
  })

  it('removes its handler when disposed', () => {
    const { ipcMain, dispose } = setup()
    dispose()
    expect(ipcMain.removeHandler).toHaveBeenCalledWith(RPC_CHANNEL)
  })
})
