import { homedir } from 'node:os'
import { join } from 'node:path'
import { Menu, type MenuItemConstructorOptions, Tray, nativeImage, nativeTheme } from 'electron'
import type { TraySummary } from '../../shared/contract/tray.contract'
import { isKeywardError } from '../../shared/errors'
import { redactSecrets } from '../../shared/redact'
import { type TrayAction, type TrayMenuItem, buildTrayMenu, isTaskbarDark, trayIconFile, trayTooltip } from './tray-menu'

/** How often the tray re-reads the summary when nothing else prompts it. */
export const TRAY_REFRESH_MS = 60_000

/** What the tray needs from the rest of the main process. */
export interface TrayDeps {
  readonly iconDir: string
  readonly locale: string
  readonly summary: () => Promise<TraySummary>
  readonly perform: (action: TrayAction) => Promise<void>
  readonly loginItem: () => Promise<boolean | null>
  readonly showError: (message: string) => void
  /** The OS whose tray conventions apply (tests pass each); default process.platform. */
  readonly platform?: NodeJS.Platform
}

/** Turns the menu model into Electron's template (the only place that knows Electron's menu shape). */
export function toElectronTemplate(items: readonly TrayMenuItem[], run: (action: TrayAction) => void): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    switch (item.type) {
      case 'separator':
        return { type: 'separator' }
      case 'submenu':
        return { label: item.label, submenu: toElectronTemplate(item.submenu, run) }
      case 'radio':
      case 'checkbox':
        return { type: item.type, label: item.label, checked: item.checked, click: () => run(item.action) }
      case 'normal':
        return { label: item.label, enabled: item.enabled, ...(item.action && { click: () => run(item.action!) }) }
    }
  })
}

/** A message for a failed action, safe to show (redacted, never a stack). */
function messageOf(error: unknown): string {
  return redactSecrets(isKeywardError(error) || error instanceof Error ? error.message : String(error))
}

/** Creates the tray icon and keeps its menu, tooltip and icon in step with the core. Call after `app.whenReady()`. */
export function createTray(deps: TrayDeps): { refresh(): Promise<void>; destroy(): void } {
  let summary: TraySummary | null = null
  let error: string | null = null
  let syncing = false
  const platform = deps.platform ?? process.platform
  const iconFor = () => {
    const image = nativeImage.createFromPath(join(deps.iconDir, trayIconFile(platform, summary?.budgetState ?? null, isTaskbarDark(platform, nativeTheme))))
    if (platform === 'darwin') image.setTemplateImage(true)
    return image
  }
  const tray = new Tray(iconFor())
  const run = (action: TrayAction) => {
    if (action.kind === 'sync-now') syncing = true
    void deps
      .perform(action)
      .catch((e: unknown) => deps.showError(messageOf(e)))
      .finally(() => {
        syncing = false
        void refresh()
      })
    if (syncing) render()
  }
  let loginItem: boolean | null = null
  const render = () => {
    const state = { locale: deps.locale, now: new Date(), home: homedir(), loginItem, syncing, error }
    tray.setContextMenu(Menu.buildFromTemplate(toElectronTemplate(buildTrayMenu(summary, state), run)))
    tray.setToolTip(trayTooltip(summary, state))
    tray.setImage(iconFor())
  }
  const refresh = async () => {
    try {
      ;[summary, loginItem] = await Promise.all([deps.summary(), deps.loginItem()])
      error = null
    } catch (e) {
      error = messageOf(e)
    }
    render()
  }
  // Windows: a left click is the tray icon's main gesture, and a menu opens only on a right
  // click, so the click opens the dashboard. macOS opens the menu on a click (Electron's default
  // once a context menu is set); Linux panels differ (many never send the click): both keep the
  // menu, which has "Open dashboard".
  if (platform === 'win32') tray.on('click', () => run({ kind: 'show-dashboard' }))
  render()
  void refresh()
  const timer = setInterval(() => void refresh(), TRAY_REFRESH_MS)
  nativeTheme.on('updated', render)
  return {
    refresh,
    destroy() {
      clearInterval(timer)
      nativeTheme.off('updated', render)
      tray.destroy()
    },
  }
}
