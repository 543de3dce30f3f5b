import { type Page, expect, test } from '@playwright/test'
import { createConfigStore } from '../../electron/core/platform/config/config-store'
import { type RunningDaemon, startDaemon } from '../support/daemon'
import { seedDemoProjects } from '../support/projects'
import { listScreens, openScreen, settle } from '../support/screens'

/**
 * No screen scrolls or clips sideways at the app's default window width (1100 px), at 1024 px or at
 * 800 px, in light and dark, in every mode it can open: the page and the content area keep
 * `scrollWidth <= clientWidth`; no element that clips or scrolls (overflow auto, hidden or scroll)
 * holds content wider than its box, unless it is a one-line ellipsis that carries its full text as a
 * tooltip; no button sits past the window's edge; and no table row has more cells than its header
 * names, nor a line under its last row. Every navigation link is on screen, and the current one in view. Runs against the demo org with projects and two rotations in progress
 * (one Keyward can deactivate, one it cannot), so the widest rows show.
 */
let demo: RunningDaemon

test.slow()

test.beforeAll(async () => {
  const { home } = await seedDemoProjects()
  const startedAt = new Date(Date.now() - 2 * 86_400_000).toISOString()
  await createConfigStore(home).update((c) => ({
    ...c,
    rotation: {
      ageDays: 90,
      quietHours: 24,
      pending: [
        { profile: 'acme', orgId: 'org_demo', oldKeyId: 'apikey_01OldAcmeKeyThatIsLong', newKeyId: null, oldHint: 'sk-ant-api03-abc...WXYZ', startedAt, quietHours: 24 },
        { profile: 'tools', orgId: null, oldKeyId: null, newKeyId: null, oldHint: 'sk-ant-api03-def...QRST', startedAt, quietHours: 24 },
      ],
    },
  }))
  demo = await startDaemon(['--demo'], { KEYWARD_HOME: home })
})
test.afterAll(async () => {
  await demo?.stop()
})

/**
 * Everything on the page that scrolls or clips sideways, sits past the window's edge or has a row
 * wider than its header, as "mode: what" lines.
 */
async function overflow(page: Page, mode: string): Promise<string[]> {
  // Runs in the page, from its root element (this file is typed without the DOM's globals).
  const found = await page.locator('html').evaluate((root) => {
    const doc = root.ownerDocument
    const view = doc.defaultView!
    const getComputedStyle = (el: Parameters<typeof view.getComputedStyle>[0]) => view.getComputedStyle(el)
    const lines: string[] = []
    const describe = (el: { tagName: string; className: unknown; textContent: string | null }) => {
      const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40)
      return `<${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}> "${text}"`
    }
    if (root.scrollWidth > root.clientWidth) lines.push(`page ${root.scrollWidth} > ${root.clientWidth}`)
    for (const el of doc.querySelectorAll('body *')) {
      const style = getComputedStyle(el)
      if (style.display === 'none' || !['auto', 'hidden', 'scroll', 'clip'].includes(style.overflowX)) continue
      // One pixel of rounding is not content; a screen-reader-only label (a 1 px box) shows nothing.
      if (el.scrollWidth <= el.clientWidth + 1 || el.getBoundingClientRect().width <= 1) continue
      const titled = el.closest('[title]') !== null || el.querySelector('[title]') !== null
      if (style.textOverflow === 'ellipsis' && style.whiteSpace === 'nowrap' && titled) continue
      lines.push(`clips ${el.scrollWidth} > ${el.clientWidth}: ${describe(el)}`)
    }
    for (const button of doc.querySelectorAll('button, [role="button"]')) {
      const box = button.getBoundingClientRect()
      if (box.width === 0 && box.height === 0) continue
      if (box.right > root.clientWidth + 1 || box.left < -1) lines.push(`button past the window's edge (${Math.round(box.left)}–${Math.round(box.right)} of ${root.clientWidth}): ${describe(button)}`)
    }
    for (const table of doc.querySelectorAll('table')) {
      const headers = table.querySelectorAll(':scope > thead > tr > th').length
      for (const row of table.querySelectorAll(':scope > tbody > tr')) {
        const cells = row.querySelectorAll(':scope > td, :scope > th').length
        if (cells > headers) lines.push(`a row with ${cells} cells under ${headers} headers: ${describe(row)}`)
      }
      // The table's own border closes it: a cell of the last row drawing another line under it is a glitch.
      const last = table.querySelector(':scope > tbody > tr:last-child')
      const lined = last ? [...last.children].filter((cell) => getComputedStyle(cell).borderBottomWidth !== '0px') : []
      if (lined.length > 0) lines.push(`a line under the last row's ${lined.map((c) => c.tagName.toLowerCase()).join(', ')}: ${describe(table)}`)
    }
    return lines
  })
  return found.map((line) => `${mode}: ${line}`)
}

/** Navigation links that are not within the window (every screen must be reachable without scrolling the bar). */
async function navOutOfView(page: Page, mode: string): Promise<string[]> {
  const lines = await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link')
    .evaluateAll((links) =>
      links.flatMap((a) => {
        const box = a.getBoundingClientRect()
        const inView = box.width > 0 && box.left >= 0 && box.right <= a.ownerDocument.documentElement.clientWidth
        return inView ? [] : [`nav link "${a.textContent}" out of view (${Math.round(box.left)}–${Math.round(box.right)})${a.getAttribute('aria-current') ? ', and it is the current one' : ''}`]
      }),
    )
  return lines.map((line) => `${mode}: ${line}`)
}

/** Clicks the first button named `name` in main when there is one; true when it clicked. */
async function clickFirst(page: Page, name: RegExp): Promise<boolean> {
  const button = page.locator('main').getByRole('button', { name }).first()
  // Rows arrive after the screen's heading: give them a moment before deciding there is no such button.
  await button.waitFor({ timeout: 5000 }).catch(() => {})
  if ((await button.count()) === 0) return false
  await button.click()
  await settle(page)
  return true
}

/** The modes each screen can open beyond its first view: a button to press, and how to leave again. */
const MODES: Record<string, Array<{ name: string; open: RegExp; then?: RegExp; close?: RegExp }>> = {
  keys: [{ name: 'rename', open: /^Rename /, close: /^Cancel$/ }],
  rotation: [
    { name: 'rotate form', open: /^Rotate$/, close: /^Cancel$/ },
    { name: 'confirm deactivate', open: /^Deactivate old key now$/, close: /^Cancel$/ },
    { name: 'confirm forget', open: /^Forget old key$/, close: /^Cancel$/ },
  ],
  workspaces: [
    { name: 'rename', open: /^Rename /, close: /^Cancel$/ },
    { name: 'members', open: /^Members of /, close: /^Close$/ },
    { name: 'archive confirm', open: /^Archive /, close: /^Cancel$/ },
  ],
  users: [
    { name: 'row menu', open: /^Actions for /, close: /^Actions for / },
    { name: 'remove confirm', open: /^Actions for /, then: /^Remove /, close: /^Cancel$/ },
    { name: 'offboard dialog', open: /^Actions for /, then: /^Offboard /, close: /^(Cancel|Close)$/ },
  ],
  'api-keys': [
    { name: 'row menu', open: /^Actions for /, close: /^Actions for / },
    { name: 'rename', open: /^Actions for /, then: /^Rename /, close: /^Cancel$/ },
    { name: 'deactivate confirm', open: /^Actions for /, then: /^Deactivate /, close: /^Cancel$/ },
  ],
  limits: [{ name: 'delete confirm', open: /^Delete /, close: /^Cancel$/ }],
  invites: [{ name: 'delete confirm', open: /^Delete invite/, close: /^Cancel$/ }],
}

for (const width of [1100, 1024, 800] as const)
  for (const colorScheme of ['light', 'dark'] as const)
    test(`no screen scrolls or clips sideways at ${width} px (${colorScheme}), in any mode`, async ({ page }) => {
      test.setTimeout(300_000)
      await page.emulateMedia({ colorScheme })
      await page.setViewportSize({ width, height: 800 })
      await page.goto(demo.url)
      const found: string[] = []
      for (const screen of await listScreens(page)) {
        await openScreen(page, screen)
        found.push(...(await overflow(page, screen.id)), ...(await navOutOfView(page, screen.id)))
        for (const mode of MODES[screen.id] ?? []) {
          if (!(await clickFirst(page, mode.open))) {
            found.push(`${screen.id}: mode ${mode.name} has no "${mode.open.source}" button`)
            continue
          }
          // A row menu's item: it is a menu item, not a button.
          if (mode.then) {
            const item = page.getByRole('menuitem', { name: mode.then }).first()
            if (
              !(await item.click({ timeout: 5000 }).then(
                () => true,
                () => false,
              ))
            ) {
              found.push(`${screen.id}: mode ${mode.name} has no "${mode.then.source}" menu item`)
              continue
            }
            await settle(page)
          }
          found.push(...(await overflow(page, `${screen.id} (${mode.name})`)))
          if (mode.close) {
            const close = page.getByRole('button', { name: mode.close }).first()
            if ((await close.count()) > 0) await close.click()
          }
          await settle(page)
        }
      }
      expect(found).toEqual([])
    })

test('the usage screen at 800 px keeps its per-key page within the window', async ({ page }) => {
  await page.setViewportSize({ width: 800, height: 800 })
  await page.goto(demo.url)
  await openScreen(page, { id: 'usage', title: 'Usage' })
  const keyLink = page.locator('main').getByRole('link').first()
  if ((await keyLink.count()) > 0) {
    await keyLink.click()
    await settle(page)
    expect(await overflow(page, 'usage key page')).toEqual([])
  }
})

test('badges ("not in Keyward", "Default") stay on one line at 700 px', async ({ page }) => {
  await page.setViewportSize({ width: 700, height: 800 })
  await page.goto(demo.url)
  const found: Array<{ text: string | null; lines: number }> = []
  for (const screen of [
    { id: 'usage', title: 'Usage' },
    { id: 'profiles', title: 'Profiles' },
  ]) {
    await openScreen(page, screen)
    // The first usage sync runs as the daemon starts: wait for the top keys (the unmatched ones carry the badge).
    if (screen.id === 'usage') await expect.poll(async () => (await page.reload(), await settle(page), await page.locator('main .usage-tag').count()), { timeout: 60_000 }).toBeGreaterThan(0)
    found.push(
      ...(await page.locator('main .usage-tag, main .badge').evaluateAll((els) =>
        els.map((el) => {
          const range = el.ownerDocument.createRange()
          range.selectNodeContents(el)
          return { text: el.textContent, lines: new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size }
        }),
      )),
    )
  }
  expect(found.length).toBeGreaterThan(0)
  expect(found.filter((l) => l.lines > 1)).toEqual([])
})
