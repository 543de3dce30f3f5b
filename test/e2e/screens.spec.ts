import { expect, test } from '@playwright/test'
import { type RunningDaemon, startDaemon } from '../support/daemon'
import { listScreens, openScreen, openScreenNamed } from '../support/screens'

/**
 * Walks every screen in the navigation (generated from the screen registry, so new screens are
 * included without editing this file), on a fresh install and on the demo org: each opens by its
 * link and by its deep link, shows a heading, and throws nothing.
 */
let fresh: RunningDaemon
let demo: RunningDaemon

test.beforeAll(async () => {
  ;[fresh, demo] = await Promise.all([startDaemon(), startDaemon(['--demo'])])
})
test.afterAll(async () => {
  await Promise.all([fresh?.stop(), demo?.stop()])
})

for (const which of ['fresh', 'demo'] as const) {
  test(`every screen opens from the navigation without errors (${which})`, async ({ page }) => {
    const daemon = which === 'fresh' ? fresh : demo
    const problems: string[] = []
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`)
    })
    await page.goto(daemon.url)
    const screens = await listScreens(page)
    expect(screens.length).toBeGreaterThan(0)
    for (const screen of screens) {
      await openScreen(page, screen)
      await expect(page.getByRole('link', { name: screen.title, exact: true })).toHaveAttribute('aria-current', 'page')
      await expect(page).toHaveTitle(`${screen.title} · Keyward`)
    }
    expect(problems).toEqual([])
  })
}

test('deep links open the right screen, and unknown routes fall back to the first', async ({ page }) => {
  await page.goto(demo.url)
  const screens = await listScreens(page)
  for (const screen of [...screens].reverse()) {
    await page.goto(`${demo.origin}/#/${screen.id}`)
    await expect(page.getByRole('link', { name: screen.title, exact: true })).toHaveAttribute('aria-current', 'page')
  }
  await page.goto(`${demo.origin}/#/no-such-screen`)
  await expect(page.getByRole('link', { name: screens[0]!.title, exact: true })).toHaveAttribute('aria-current', 'page')
})

test('keyboard: the skip link is the first tab stop and moves focus to the content; focus is visible', async ({ page }) => {
  await page.goto(fresh.url)
  await expect(page.getByTestId('status')).toContainText('daemon')
  await page.keyboard.press('Tab')
  const skip = page.getByRole('link', { name: 'Skip to content' })
  await expect(skip).toBeFocused()
  await expect(skip).toBeInViewport()
  await page.keyboard.press('Enter')
  await expect(page.locator('main')).toBeFocused()
  // After the skip link, the next tab stop is the first navigation link, with a visible focus outline.
  await page.reload()
  await expect(page.getByTestId('status')).toContainText('daemon')
  await page.keyboard.press('Tab')
  await page.keyboard.press('Tab')
  const focused = page.locator(':focus')
  await expect(focused).toHaveAttribute('href', /^#\//)
  await expect(focused).toHaveCSS('outline-style', 'solid')
})

test('a fresh install says what to do first: add a key, or try the demo org', async ({ page }) => {
  await page.goto(fresh.url)
  await expect(page.getByTestId('profiles-empty')).toContainText('keyward add')
  const screens = await listScreens(page)
  const admin = screens.find((s) => s.id === 'workspaces')
  if (admin) {
    await openScreen(page, admin)
    await expect(page.getByRole('button', { name: 'Try the demo org' })).toBeVisible()
  }
})

test('every table on the demo org has a header row', async ({ page }) => {
  await page.goto(demo.url)
  for (const name of ['Profiles', 'Usage', 'Budgets', 'Rotation', 'Workspaces', 'Users', 'Invites', 'API keys', 'Limits']) {
    await openScreenNamed(page, name)
    for (const table of await page.locator('main table').all()) await expect(table.locator('thead th').first()).toBeVisible()
  }
})
