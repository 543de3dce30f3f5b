import { describe, expect, it, vi } from 'vitest'
import type { TraySummary } from '../../shared/contract/tray.contract'
import { type TrayMenuItem, buildTrayMenu, shortDirectory, syncedLabel, trayIconFile, trayTooltip } from './tray-menu'

vi.mock('electron', () => ({}))

const summary: TraySummary = {
  today: { amount: '1.5', currency: 'USD' },
  monthToDate: { amount: '1234.56', currency: 'USD' },
  budgetState: 'warning',
  defaultProfile: 'acme',
  profiles: [
    { name: 'acme', hint: 'sk-ant-api03-…abcd' },
    { name: 'beta', hint: 'sk-ant-api03-…wxyz' },
  ],
  recentProjects: [{ directory: '/home/u/work/acme', profile: 'acme', at: '2025-06-01T10:00:00Z' }],
  lastSyncedAt: '2025-06-01T11:55:00Z',
  dataRefreshedAt: null,
}
const state = { locale: 'en-US', now: new Date('2025-06-01T12:00:00Z'), home: '/home/u', loginItem: false, syncing: false, error: null }
const labels = (items: readonly TrayMenuItem[]) => items.map((i) => (i.type === 'separator' ? '---' : i.label))
const find = (items: readonly TrayMenuItem[], label: string) => items.find((i) => i.type !== 'separator' && i.label.startsWith(label))!

describe('tray month-end projection', () => {
  it('shows the projected range under this month, in the menu and the tooltip, and nothing without one', () => {
    const withEnd = { ...summary, monthEnd: { low: '1200', high: '1600', currency: 'USD' } }
    const menu = buildTrayMenu(withEnd, state)
    expect(labels(menu).slice(0, 3)).toEqual(['Today: $1.50', 'This month: $1,234.56', 'Month end: $1,200–$1,600 projected'])
    expect(find(menu, 'Month end')).toMatchObject({ action: { kind: 'open', screen: 'usage' } })
    expect(trayTooltip(withEnd, state).split('\n')[2]).toBe('Month end: $1,200–$1,600 projected')
    expect(labels(buildTrayMenu({ ...summary, monthEnd: null }, state))).not.toContain('Month end')
    expect(trayTooltip(summary, state)).not.toMatch(/Month end/)
  })
})

describe('tray data age', () => {
  const zoned = { ...state, timeZone: 'UTC', locale: 'en-GB' }
  it('says how fresh the data is (the watermark) apart from when it synced, in the menu and the tooltip', () => {
    const fresh = { ...summary, dataRefreshedAt: '2025-06-01T11:00:00Z' }
    const shown = labels(buildTrayMenu(fresh, zoned))
    expect(shown.slice(3, 5)).toEqual(['Synced 5 minutes ago', 'Data as of 11:00'])
    expect(trayTooltip(fresh, zoned).split('\n')[2]).toBe('Data as of 11:00')
    // A watermark of an earlier day names the day.
    expect(labels(buildTrayMenu({ ...summary, dataRefreshedAt: '2025-05-31T22:30:00Z' }, zoned))).toContain('Data as of 31 May, 22:30')
  })

  it('says nothing about the data age before the service gave a watermark', () => {
    for (const dataRefreshedAt of [null]) {
      expect(labels(buildTrayMenu({ ...summary, dataRefreshedAt }, zoned)).some((l) => l.startsWith('Data as of'))).toBe(false)
      expect(trayTooltip({ ...summary, dataRefreshedAt }, zoned)).not.toMatch(/Data as of/)
    }
  })
})

describe('tray menu model', () => {
  it('shows spend, budget, sync, profiles, recent projects and the actions in order', () => {
    expect(labels(buildTrayMenu(summary, state))).toEqual([
      'Today: $1.50',
      'This month: $1,234.56',
      'Budget: threshold reached',
      'Synced 5 minutes ago',
      '---',
      'Default profile: acme',
      'Copy key',
      'Recent projects',
      '---',
      'Sync now',
      'Open dashboard',
      '---',
      'Start at login',
      'Install command-line tool…',
      '---',
      'Quit Keyward',
    ])
  })

  it('the switcher is a radio list with the default checked; copy and open carry the right actions', () => {
    const menu = buildTrayMenu(summary, state)
    const switcher = find(menu, 'Default profile') as Extract<TrayMenuItem, { type: 'submenu' }>
    expect(switcher.submenu).toEqual([
      { type: 'radio', label: 'acme  sk-ant-api03-…abcd', checked: true, action: { kind: 'set-default', profile: 'acme' } },
      { type: 'radio', label: 'beta  sk-ant-api03-…wxyz', checked: false, action: { kind: 'set-default', profile: 'beta' } },
    ])
    const copy = find(menu, 'Copy key') as Extract<TrayMenuItem, { type: 'submenu' }>
    expect(copy.submenu.map((i) => (i.type === 'normal' ? i.action : null))).toEqual([
      { kind: 'copy-key', profile: 'acme' },
      { kind: 'copy-key', profile: 'beta' },
    ])
    const recent = find(menu, 'Recent projects') as Extract<TrayMenuItem, { type: 'submenu' }>
    expect(recent.submenu[0]).toMatchObject({ label: '~/work/acme → acme', action: { kind: 'open', screen: 'projects', rest: ['/home/u/work/acme'] } })
    expect(find(menu, 'Budget')).toMatchObject({ action: { kind: 'open', screen: 'budgets' } })
    expect(find(menu, 'Start at login')).toMatchObject({ type: 'checkbox', checked: false, action: { kind: 'toggle-login-item' } })
  })

  it('says what to do first when there are no keys and no projects', () => {
    const menu = buildTrayMenu({ ...summary, profiles: [], defaultProfile: null, recentProjects: [] }, state)
    expect(find(menu, 'No profiles yet')).toMatchObject({ action: { kind: 'open', screen: 'profiles' } })
    expect(labels(menu)).not.toContain('Copy key')
    const recent = find(menu, 'Recent projects') as Extract<TrayMenuItem, { type: 'submenu' }>
    expect(recent.submenu[0]).toMatchObject({ label: 'None yet: run keyward use NAME in a project', enabled: false })
  })

  it('while loading, after an error, while syncing, and where login items do not exist', () => {
    expect(labels(buildTrayMenu(null, state))[0]).toBe('Loading…')
    expect(labels(buildTrayMenu(null, { ...state, error: 'boom' }))[0]).toBe('Keyward could not read its summary: boom')
    expect(find(buildTrayMenu(summary, { ...state, syncing: true }), 'Syncing')).toMatchObject({ enabled: false })
    expect(labels(buildTrayMenu(summary, { ...state, loginItem: null }))).not.toContain('Start at login')
  })

  it('formats money exactly for the locale, from decimal strings', () => {
    const de = buildTrayMenu({ ...summary, today: { amount: '1234567.891', currency: 'EUR' } }, { ...state, locale: 'de-DE' })
    expect(labels(de)[0]).toBe('Today: 1.234.567,89\u00a0€')
  })

  it('tooltip repeats the summary; the icon follows platform, theme and budget', () => {
    expect(trayTooltip(summary, state)).toBe('Keyward · acme\nToday $1.50 · Month $1,234.56\nBudget: threshold reached')
    expect(trayTooltip(null, { locale: 'en-US', error: null })).toBe('Keyward')
    expect(trayIconFile('darwin', 'ok', false)).toBe('trayTemplate.png')
    expect(trayIconFile('darwin', 'exceeded', true)).toBe('trayAlertTemplate.png')
    expect(trayIconFile('linux', 'none', true)).toBe('tray-dark.png')
    expect(trayIconFile('win32', 'warning', false)).toBe('tray-alert-light.png')
    expect(trayIconFile('linux', null, false)).toBe('tray-light.png')
  })

  it('helpers: relative sync time and short directories', () => {
    expect(syncedLabel(null, state.now, 'en-US')).toBe('Never synced')
    expect(syncedLabel('2025-05-30T12:00:00Z', state.now, 'en-US')).toBe('Synced 2 days ago')
    expect(shortDirectory('/home/u', '/home/u')).toBe('~')
    expect(shortDirectory('/home/user2/x', '/home/u')).toBe('/home/user2/x')
    expect(shortDirectory(`/srv/${'a'.repeat(60)}`, '/home/u')).toHaveLength(48)
  })
})

describe('tray labels from outside text', () => {
  const HOSTILE = 'batch\u001b]0;OWNED\u0007\u001b[2J\u202Egnp.exe\nfaked item'
  it('show profile names, directories and errors with controls made visible, on one line, cut', () => {
    const hostile: TraySummary = {
      ...summary,
      defaultProfile: HOSTILE,
      profiles: [{ ...summary.profiles[0]!, name: HOSTILE }],
      recentProjects: [{ ...summary.recentProjects[0]!, directory: `/home/u/${HOSTILE}`, profile: HOSTILE }],
    }
    const all: string[] = []
    const walk = (items: readonly TrayMenuItem[]): void => {
      for (const i of items) {
        if (i.type === 'separator') continue
        all.push(i.label)
        if (i.type === 'submenu') walk(i.submenu)
      }
    }
    walk(buildTrayMenu(hostile, { ...state, error: `boom ${HOSTILE}${'x'.repeat(400)}` }))
    walk(buildTrayMenu(null, { ...state, error: HOSTILE }))
    for (const label of all) {
      expect(label).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/)
      expect(label.length).toBeLessThanOrEqual(160)
    }
    expect(all).toContain('Default profile: batch\\x1b]0;OWNED\\x07\\x1b[2J\\u202egnp.exe\\x0afaked item')
    const tooltip = trayTooltip(hostile, state)
    expect(tooltip.split('\n')[0]).toBe('Keyward · batch\\x1b]0;OWNED\\x07\\x1b[2J\\u202egnp.exe\\x0afaked item')
  })
})
