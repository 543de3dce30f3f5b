import type { IpcMain, IpcMainInvokeEvent } from 'electron'
import { RPC_CHANNEL } from '../../shared/ipc'
import type { Result } from '../../shared/result'
import type { Router } from '../core/router'

/**
 * The Electron transport: the one `ipcMain.handle` in the app. Every message's sender frame is
 * checked (`isTrusted`: the dashboard's own top frame, trusted-sender.ts) before it reaches the
 * router; results are plain objects because Electron would pass only an Error's message.
 */
export function registerRpcHandler(ipcMain: IpcMain, router: Router, isTrusted: (senderFrame: IpcMainInvokeEvent['senderFrame']) => boolean): () => void {
  ipcMain.handle(RPC_CHANNEL, async (event: IpcMainInvokeEvent, name: unknown, input: unknown): Promise<Result<unknown>> => {
    if (!isTrusted(event.senderFrame)) {
      return { ok: false, error: { code: 'NOT_ALLOWED', message: 'This window is not allowed to call Keyward.' } }
    }
    return router.call(name, input, { transport: 'ipc' })
  })
  return () => ipcMain.removeHandler(RPC_CHANNEL)
}
