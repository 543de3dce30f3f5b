import { type Core, createCore } from '../../electron/core/core'
import { type RpcHttpServer, startRpcHttpServer } from '../../electron/core/serving/http/rpc-http-server'
import { createMemoryKeychain } from '../../electron/core/vault/memory-keychain'

/*
 * The one place the surface suites build Keyward's core in their own process: as the Electron app
 * does (host "electron"), so a test can put the app's IPC transport in front of it. Everything else in
 * those suites drives Keyward from outside (the built CLI, a daemon's /rpc, the browser).
 */

/** The app's core over `dataDir`, and the HTTP transport over the same router for comparison. */
export interface InProcessApp {
  readonly router: Core['router']
  readonly http: RpcHttpServer
  close(): Promise<void>
}

/** Builds the app's core (an in-memory keychain, no notifications) and serves its router on /rpc too. */
export async function startInProcessApp(dataDir: string): Promise<InProcessApp> {
  const core = await createCore({ host: 'electron', env: { ...process.env, KEYWARD_HOME: dataDir }, keychain: createMemoryKeychain(), notifier: { notify: () => {} }, log: () => {} })
  const http = await startRpcHttpServer({ router: core.router })
  return {
    router: core.router,
    http,
    async close() {
      await http.close()
      await core.close()
    },
  }
}
