import type { IpcMain, IpcMainInvokeEvent } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import { RPC_CHANNEL } from '../../shared/ipc'
import type { Router } from '../core/router'
import { registerRpcHandler } from './ipc.main'

vi.mock('electron', () => ({}))

const rendererUrl = 'file:///app/out/renderer/index.html'

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
  const dispose = registerRpcHandler(ipcMain, router, rendererUrl)
  const invoke = (url: string | undefined, name: string, input: unknown) =>
    handler!({ senderFrame: url === undefined ? null : { url } } as unknown as IpcMainInvokeEvent, name, input)
  return { ipcMain, router, dispose, invoke }
}

describe('registerRpcHandler', () => {
  it('routes calls from the trusted renderer', async () => {
    const { router, invoke } = setup()
    expect(await invoke(`${rendererUrl}#/keys`, 'app.info', {})).toEqual({ ok: true, value: 'v' })
    expect(router.call).toHaveBeenCalledWith('app.info', {}, { transport: 'ipc' })
  })

  it('refuses calls from any other frame without reaching the router', async () => {
    const { router, invoke } = setup()
    for (const url of ['https://evil.example/', 'file:///tmp/other.html', undefined]) {
      expect(await invoke(url, 'app.info', {})).toMatchObject({ ok: false, error: { code: 'NOT_ALLOWED' } })
    }
    expect(router.call).not.toHaveBeenCalled()
  })

  it('removes its handler when disposed', () => {
    const { ipcMain, dispose } = setup()
    dispose()
    expect(ipcMain.removeHandler).toHaveBeenCalledWith(RPC_CHANNEL)
  })
})
