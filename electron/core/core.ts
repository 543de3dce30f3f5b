import type { Host } from '../../shared/contract'
import { appHandlers } from './app/app.handlers'
import { resolveDataDir } from './paths'
import { profileHandlers } from './profiles/profiles.handlers'
import { type ErrorLog, type Router, createRouter } from './router'
import { KEYWARD_VERSION } from './version'

/** What a host tells the core when it builds it. */
export interface CoreOptions {
  readonly host: Host
  readonly env?: NodeJS.ProcessEnv
  readonly log?: ErrorLog
}

/** The core as every host sees it: one router over every service, and a way to stop them. */
export interface Core {
  readonly router: Router
  readonly dataDir: string
  close(): Promise<void>
}

/** The composition root shared by every host: builds each service once and wires the handlers. */
export async function createCore(options: CoreOptions): Promise<Core> {
  const env = options.env ?? process.env
  const dataDir = resolveDataDir(env)
  const log = options.log ?? ((line: string) => process.stderr.write(`keyward: ${line}\n`))
  const router = createRouter(
    {
      ...appHandlers({ host: options.host, version: KEYWARD_VERSION, dataDir }),
      ...profileHandlers(),
    },
    log,
  )
  return {
    router,
    dataDir,
    close: async () => {},
  }
}
