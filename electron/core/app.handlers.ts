import type { AppInfo, Host } from '../../shared/contract'
import type { Handlers } from './router'

/** What the app handlers need to know about their host. */
export interface AppHandlerDeps {
  readonly host: Host
  readonly version: string
  readonly dataDir: string
}

/** Handlers for `app.*`. */
export function appHandlers(deps: AppHandlerDeps): Pick<Handlers, 'app.info'> {
  return {
    'app.info': (): AppInfo => ({
      name: 'Keyward',
      version: deps.version,
      host: deps.host,
      platform: process.platform,
      dataDir: deps.dataDir,
    }),
  }
}
