import type { IpcMain, IpcMainInvokeEvent } from 'electron'
import { RPC_CHANNEL } from '../../shared/ipc'
import type { Result } from '../../shared/result'
import type { Router } from '../core/router'
import { isTrustedSenderUrl } from './trusted-sender'

/**
 * The Electron transport: the one `ipcMain.handle` in the app. Every message is checked against
 * the trusted renderer before it reaches the router; results are plain objects because Electron
 * would pass only an Error's message.
 */
export function registerRpcHandler(ipcMain: IpcMain, router: Router, rendererUrl: string): () => void {
  ipcMain.handle(RPC_CHANNEL, async (event: IpcMainInvokeEvent, name: unknown, input: unknown): Promise<Result<unknown>> => {
    if (!isTrustedSenderUrl(event.senderFrame?.url, rendererUrl)) {
      return { ok: false, error: { code: 'NOT_ALLOWED', message: 'This window is not allowed to call Keyward.' } }
    }
    return router.call(name, input, { transport: 'ipc' })
  })
  return () => ipcMain.removeHandler(RPC_CHANNEL)
}
