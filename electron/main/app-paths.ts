import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

/** Where the main process finds its renderer, preload and icons. */
export interface AppPaths {
  readonly isDev: boolean
  readonly rendererUrl: string
  readonly preloadPath: string
  /** The prompt window's page (renderer/prompt.html) and its own preload (electron/preload/prompt.ts). */
  readonly promptUrl: string
  readonly promptPreloadPath: string
  readonly trayIconDir: string
}

/**
 * Resolves the app's files from the built main bundle's URL (`out/main/index.js`). The dev
 * server URL is honoured only when the app is not packaged, so a packaged app can never be
 * pointed at another page through the environment.
 */
export function resolveAppPaths(options: { mainUrl: string; appPath: string; isPackaged: boolean; env: NodeJS.ProcessEnv }): AppPaths {
  const devUrl = options.env.ELECTRON_RENDERER_URL
  const isDev = !options.isPackaged && Boolean(devUrl)
  return {
    isDev,
    rendererUrl: isDev ? devUrl! : pathToFileURL(fileURLToPath(new URL('../renderer/index.html', options.mainUrl))).href,
    preloadPath: fileURLToPath(new URL('../preload/index.cjs', options.mainUrl)),
    promptUrl: isDev ? new URL('/prompt.html', devUrl).href : pathToFileURL(fileURLToPath(new URL('../renderer/prompt.html', options.mainUrl))).href,
    promptPreloadPath: fileURLToPath(new URL('../preload/prompt.cjs', options.mainUrl)),
    trayIconDir: join(options.appPath, 'resources', 'tray'),
  }
}
