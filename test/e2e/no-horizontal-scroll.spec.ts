import { type Page, expect, test } from '@playwright/test'
import { createConfigStore } from '../../electron/core/platform/config/config-store'
import { type RunningDaemon, startDaemon } from '../support/daemon'
import { seedDemoProjects } from '../support/projects'
import { listScreens, openScreen, settle } from '../support/screens'

/**
 * No screen scrolls sideways at the app's default window width (1100 px) or at 800 px, in every
 * mode it can open: the page (`document.documentElement`) and the content area (`main`) both keep
 * `scrollWidth <= clientWidth`. Runs against the demo org with projects and two rotations in progress
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

/** The page's and the content area's overflow, as "what: scrollWidth > clientWidth" lines. */
async function overflow(page: Page, mode: string): Promise<string[]> {
  const [root = [0, 0], main = [0, 0]] = await page.locator('html, main').evaluateAll((els) => els.map((e) => [e.scrollWidth, e.clientWidth] as const))
  const sizes = { root, main }
  const found: string[] = []
  if (sizes.root[0]! > sizes.root[1]!) found.push(`${mode}: page ${sizes.root[0]} > ${sizes.root[1]}`)
  if (sizes.main[0]! > sizes.main[1]!) found.push(`${mode}: main ${sizes.main[0]} > ${sizes.main[1]}`)
  return found
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
const MODES: Record<string, Array<{ name: string; open: RegExp; close?: RegExp }>> = {
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
  users: [{ name: 'remove confirm', open: /^Remove /, close: /^Cancel$/ }],
  'api-keys': [
    { name: 'rename', open: /^Rename /, close: /^Cancel$/ },
    { name: 'deactivate confirm', open: /^Deactivate /, close: /^Cancel$/ },
  ],
  limits: [{ name: 'delete confirm', open: /^Delete /, close: /^Cancel$/ }],
  invites: [{ name: 'delete confirm', open: /^Delete invite/, close: /^Cancel$/ }],
}

for (const width of [1100, 800] as const) {
  test(`no screen scrolls sideways at ${width} px, in any mode`, async ({ page }) => {
    test.setTimeout(240_000)
    await page.setViewportSize({ width, height: 800 })
    await page.goto(demo.url)
    const found: string[] = []
    for (const screen of await listScreens(page)) {
      await openScreen(page, screen)
      found.push(...(await overflow(page, screen.id)))
      for (const mode of MODES[screen.id] ?? []) {
        if (!(await clickFirst(page, mode.open))) {
          found.push(`${screen.id}: mode ${mode.name} has no "${mode.open.source}" button`)
          continue
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
}

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
