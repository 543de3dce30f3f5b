import type { TrayBudgetState, TrayMoney, TrayMonthEnd, TraySummary } from '../../shared/contract/tray.contract'
import { systemTimeZone } from '../../shared/calendar'
import { formatDataAsOfSentence } from '../../shared/data-age'
import { formatMoney, fromAmount } from '../../shared/money'
import { formatProjectedRange } from '../../shared/projection'
import { safeField } from '../../shared/terminal-text'

/** What clicking a tray item does; `tray.main.ts` carries these out. */
export type TrayAction =
  | { readonly kind: 'open'; readonly screen: string; readonly rest?: readonly string[] }
  /** Brings the dashboard forward on whatever screen it shows (a left click on the Windows tray icon). */
  | { readonly kind: 'show-dashboard' }
  | { readonly kind: 'set-default'; readonly profile: string }
  | { readonly kind: 'copy-key'; readonly profile: string }
  | { readonly kind: 'sync-now' }
  | { readonly kind: 'toggle-login-item' }
  | { readonly kind: 'install-cli' }
  | { readonly kind: 'quit' }

/** One menu item, independent of Electron so the whole menu is unit-tested as data. */
export type TrayMenuItem =
  | { readonly type: 'separator' }
  | { readonly type: 'normal'; readonly label: string; readonly enabled: boolean; readonly action?: TrayAction }
  | { readonly type: 'radio' | 'checkbox'; readonly label: string; readonly checked: boolean; readonly action: TrayAction }
  | { readonly type: 'submenu'; readonly label: string; readonly submenu: readonly TrayMenuItem[] }

/** What the menu shows besides the core's summary. */
export interface TrayMenuState {
  readonly locale: string
  readonly now: Date
  readonly home: string
  readonly loginItem: boolean | null
  readonly syncing: boolean
  /** Set when the summary could not be read; shown in place of the figures. */
  readonly error: string | null
  /** The zone "data as of" is told in (default: the system's). */
  readonly timeZone?: string
}

/** Formats a decimal-string amount exactly, through the one money module. */
export function formatTrayMoney(money: TrayMoney, locale: string): string {
  return formatMoney(fromAmount(money.amount), { currency: money.currency, locale })
}

/** "Month end: $1,200–$1,600 projected", or null when there is no projection yet. */
export function monthEndLabel(monthEnd: TrayMonthEnd | null | undefined, locale: string): string | null {
  if (!monthEnd) return null
  return `Month end: ${formatProjectedRange(fromAmount(monthEnd.low), fromAmount(monthEnd.high), { locale, currency: monthEnd.currency })} projected`
}

/** Words for a budget state, as the menu and tooltip say them. */
export function budgetLabel(state: TrayBudgetState): string {
  return { ok: 'Budget: on track', warning: 'Budget: threshold reached', exceeded: 'Budget: exceeded', none: 'Budget: none set' }[state]
}

/** The tray's review line: the count of open high findings; null (no line) without orgs. */
export function reviewLabel(high: number | null | undefined): string | null {
  if (high === null || high === undefined) return null
  return high === 0 ? 'Review: no high findings' : `Review: ${high} high ${high === 1 ? 'finding' : 'findings'}`
}

/** "5 min ago", "yesterday": when usage was last synced. */
export function syncedLabel(lastSyncedAt: string | null, now: Date, locale: string): string {
  if (!lastSyncedAt) return 'Never synced'
  const seconds = Math.round((Date.parse(lastSyncedAt) - now.getTime()) / 1000)
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })
  const abs = Math.abs(seconds)
  if (abs < 60) return `Synced ${rtf.format(seconds, 'second')}`
  if (abs < 3600) return `Synced ${rtf.format(Math.round(seconds / 60), 'minute')}`
  if (abs < 86_400) return `Synced ${rtf.format(Math.round(seconds / 3600), 'hour')}`
  return `Synced ${rtf.format(Math.round(seconds / 86_400), 'day')}`
}

/**
 * "Data as of 14:00": the service's watermark, how complete the figures are (not when Keyward
 * synced, which `syncedLabel` says); null before the service has given one.
 */
export function dataAsOfLabel(dataRefreshedAt: string | null | undefined, state: Pick<TrayMenuState, 'now' | 'locale' | 'timeZone'>): string | null {
  return formatDataAsOfSentence(dataRefreshedAt, { nowMs: state.now.getTime(), timeZone: state.timeZone ?? systemTimeZone(), locale: state.locale })
}

/** Shortens a directory under the home folder to `~/…`, and very long paths from the left. */
export function shortDirectory(directory: string, home: string): string {
  const short = home && (directory === home || directory.startsWith(`${home}/`) || directory.startsWith(`${home}\\`)) ? `~${directory.slice(home.length)}` : directory
  return short.length > 48 ? `…${short.slice(-47)}` : short
}

/** Builds the whole tray menu from the core's summary (null while it loads or after an error). */
export function buildTrayMenu(summary: TraySummary | null, state: TrayMenuState): TrayMenuItem[] {
  const items: TrayMenuItem[] = []
  const info = (label: string, action?: TrayAction): TrayMenuItem => ({ type: 'normal', label, enabled: action !== undefined, ...(action && { action }) })
  const separator: TrayMenuItem = { type: 'separator' }
  if (state.error) items.push(info(`Keyward could not read its summary: ${state.error}`))
  if (!summary) {
    if (!state.error) items.push(info('Loading…'))
  } else {
    items.push(info(`Today: ${formatTrayMoney(summary.today, state.locale)}`, { kind: 'open', screen: 'usage' }))
    items.push(info(`This month: ${formatTrayMoney(summary.monthToDate, state.locale)}`, { kind: 'open', screen: 'usage' }))
    const monthEnd = monthEndLabel(summary.monthEnd, state.locale)
    if (monthEnd) items.push(info(monthEnd, { kind: 'open', screen: 'usage' }))
    // Claude Code's estimates, one line a profile, always labelled: never part of the synced figures above.
    for (const e of (summary.estimates ?? []).slice(0, 5))
      items.push(info(`${e.profile}: ≈ ${formatTrayMoney({ amount: e.amount, currency: 'USD' }, state.locale)} this month (Claude Code's estimate)`, { kind: 'open', screen: 'profiles' }))
    items.push(info(budgetLabel(summary.budgetState), { kind: 'open', screen: 'budgets' }))
    const review = reviewLabel(summary.reviewHigh)
    if (review) items.push(info(review, { kind: 'open', screen: 'review' }))
    items.push(info(syncedLabel(summary.lastSyncedAt, state.now, state.locale)))
    const asOf = dataAsOfLabel(summary.dataRefreshedAt, state)
    if (asOf) items.push(info(asOf))
    items.push(separator)
    if (summary.profiles.length === 0) {
      items.push(info('No profiles yet: add one…', { kind: 'open', screen: 'profiles' }))
    } else {
      items.push({
        type: 'submenu',
        label: `Default profile: ${summary.defaultProfile ?? 'none'}`,
        submenu: summary.profiles.map((p) => ({ type: 'radio', label: `${p.name}  ${p.hint}`, checked: p.name === summary.defaultProfile, action: { kind: 'set-default', profile: p.name } })),
      })
      items.push({
        type: 'submenu',
        label: 'Copy key',
        submenu: summary.profiles.map((p) => info(`${p.name}  ${p.hint}`, { kind: 'copy-key', profile: p.name })),
      })
    }
    items.push({
      type: 'submenu',
      label: 'Recent projects',
      submenu:
        summary.recentProjects.length === 0
          ? [info('None yet: run keyward use NAME in a project')]
          : summary.recentProjects.map((r) => info(`${shortDirectory(r.directory, state.home)} → ${r.profile}`, { kind: 'open', screen: 'projects', rest: [r.directory] })),
    })
  }
  items.push(separator)
  items.push(state.syncing ? info('Syncing…') : info('Sync now', { kind: 'sync-now' }))
  items.push(info('Open dashboard', { kind: 'open', screen: 'profiles' }))
  items.push(separator)
  if (state.loginItem !== null) items.push({ type: 'checkbox', label: 'Start at login', checked: state.loginItem, action: { kind: 'toggle-login-item' } })
  items.push(info('Install command-line tool…', { kind: 'install-cli' }))
  items.push(separator)
  items.push(info('Quit Keyward', { kind: 'quit' }))
  return items.map(shownItem)
}

/** A menu label longer than this is cut: a menu is no place for a 4,096-character directory. */
const LABEL_MAX = 160

/**
 * Every label, by the one rule for outside text (shared/terminal-text.ts): profile names, directories
 * and errors are shown with their control and bidi characters made visible, and cut. Applied here,
 * to the finished menu, so no label added later can miss it.
 */
function shownItem(item: TrayMenuItem): TrayMenuItem {
  if (item.type === 'separator') return item
  if (item.type === 'submenu') return { ...item, label: safeField(item.label, LABEL_MAX), submenu: item.submenu.map(shownItem) }
  return { ...item, label: safeField(item.label, LABEL_MAX) }
}

/** The tray's tooltip: the same summary in a few short lines ("data as of" once the clock is given and the service has said it). */
export function trayTooltip(summary: TraySummary | null, state: Pick<TrayMenuState, 'locale' | 'error'> & Partial<Pick<TrayMenuState, 'now' | 'timeZone'>>): string {
  if (!summary) return state.error ? safeField(`Keyward: ${state.error}`, LABEL_MAX) : 'Keyward'
  return [
    `Keyward · ${summary.defaultProfile ?? 'no default profile'}`,
    `Today ${formatTrayMoney(summary.today, state.locale)} · Month ${formatTrayMoney(summary.monthToDate, state.locale)}`,
    state.now ? dataAsOfLabel(summary.dataRefreshedAt, { now: state.now, locale: state.locale, ...(state.timeZone !== undefined && { timeZone: state.timeZone }) }) : null,
    monthEndLabel(summary.monthEnd, state.locale),
    budgetLabel(summary.budgetState),
    summary.reviewHigh ? reviewLabel(summary.reviewHigh) : null,
  ]
    .filter((line): line is string => line !== null)
    .map((line) => safeField(line, LABEL_MAX))
    .join('\n')
}

/** The two theme flags of Electron's `nativeTheme` the tray glyph depends on. */
export interface TrayTheme {
  readonly shouldUseDarkColors: boolean
  /** Windows: the system ("Windows mode") theme, which the taskbar follows, not the app theme. */
  readonly shouldUseDarkColorsForSystemIntegratedUI: boolean
}

/**
 * Whether the bar behind the tray icon is dark. Windows: the taskbar follows the system theme,
 * which `shouldUseDarkColors` does not report once the app theme differs (light apps on a dark
 * taskbar are Windows 11's default). Linux: the panel's colour is not exposed, and GNOME's top
 * bar (also Ubuntu's, Cinnamon's and XFCE's default panels) is dark in the light theme too, so
 * Linux always takes the glyph for a dark bar. macOS tints its template images itself.
 */
export function isTaskbarDark(platform: NodeJS.Platform, theme: TrayTheme): boolean {
  if (platform === 'win32') return theme.shouldUseDarkColorsForSystemIntegratedUI
  if (platform === 'linux') return true
  return theme.shouldUseDarkColors
}

/**
 * The tray icon file under `resources/tray/`: a template image on macOS (the system tints it),
 * else a light or dark glyph for the taskbar's theme; the alert variant once a threshold is crossed.
 */
export function trayIconFile(platform: NodeJS.Platform, budgetState: TrayBudgetState | null, darkTaskbar: boolean): string {
  const alert = budgetState === 'warning' || budgetState === 'exceeded'
  if (platform === 'darwin') return alert ? 'trayAlertTemplate.png' : 'trayTemplate.png'
  const theme = darkTaskbar ? 'dark' : 'light'
  return alert ? `tray-alert-${theme}.png` : `tray-${theme}.png`
}
