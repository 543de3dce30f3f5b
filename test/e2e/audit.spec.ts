import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import { expect, test } from '@playwright/test'
import { SEEDED_KEY, seedAuditLog } from '../support/audit-seed'
import { type RunningDaemon, startDaemon } from '../support/daemon'
import { settle } from '../support/screens'

/** The Audit screen against a daemon whose audit log was seeded (with one torn line). */
let daemon: RunningDaemon

test.beforeAll(async () => {
  const home = await mkdtemp(join(tmpdir(), 'keyward-e2e-audit-'))
  await seedAuditLog(home)
  daemon = await startDaemon([], { KEYWARD_HOME: home })
})
test.afterAll(async () => {
  await daemon?.stop()
})

test.use({ locale: 'en-US', timezoneId: 'UTC', acceptDownloads: true })

test('lists the log newest first with the caller, shows the torn line in place, and never a key', async ({ page }) => {
  await page.goto(daemon.url)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit', exact: true }).click()
  await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible()
  await settle(page)
  const rows = page.getByRole('table', { name: 'Audit log' }).getByRole('row')
  await expect(rows).toHaveCount(10)
  await expect(rows.nth(1)).toContainText('guard.tampered')
  await expect(rows.nth(2)).toContainText('/usr/bin/node (pid 4022)')
  await expect(page.getByText('Unreadable line 5')).toBeVisible()
  await expect(page.getByTestId('audit-unreadable-note')).toContainText('1 line of the log could not be read')
  expect(await page.content()).not.toContain(SEEDED_KEY.slice(13, 40))
})

test('filters by event and by day', async ({ page }) => {
  await page.goto(daemon.url)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit', exact: true }).click()
  await settle(page)
  await page.getByLabel('Event').selectOption('key.denied')
  const rows = page.getByRole('table', { name: 'Audit log' }).getByRole('row')
  // The denial, and the torn line (what it was cannot be known, so it is never filtered out).
  await expect(rows).toHaveCount(3)
  await expect(rows.nth(1)).toContainText('Unreadable line 5')
  await expect(rows.nth(2)).toContainText('key.denied')
  await page.getByLabel('Since').fill('2030-01-01')
  await expect(page.getByTestId('audit-empty')).toContainText('No entries match these filters')
  await page.getByRole('button', { name: 'Clear filters' }).click()
  await expect(rows).toHaveCount(10)
})

test('exports CSV (formula cells defused) and JSON as downloads', async ({ page }) => {
  await page.goto(daemon.url)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit', exact: true }).click()
  await settle(page)
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()])
  expect(csv.suggestedFilename()).toBe('keyward-audit.csv')
  const text = await readFile((await csv.path())!, 'utf8')
  const records = text.split('\r\n')
  expect(records[0]).toBe('time,event,profile,directory,agent,transport,pid,executable,processDirectory,requester,host,targetKind,targetId,targetName,detail,line')
  expect(records).toContain(`2026-03-02T09:09:00.000Z,key.denied,acme-prod,/tmp/unknown,"'=HYPERLINK(""http://evil"")",,,,,,,,,,guarded profile; no approver,`)
  expect(text).not.toContain(SEEDED_KEY.slice(13, 40))
  await expect(page.getByRole('status').filter({ hasText: 'Exported 9 rows' })).toBeVisible()
  const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON' }).click()])
  const values = JSON.parse(await readFile((await json.path())!, 'utf8')) as Array<Record<string, unknown>>
  expect(values).toHaveLength(9)
  expect(values.find((v) => v.unreadable)).toMatchObject({ line: 5, reason: 'torn' })
})

test('columns fit each kind of event: a sentence of what happened, who and where, the profile; a search with a count', async ({ page }) => {
  await page.setViewportSize({ width: 1100, height: 800 })
  await page.goto(daemon.url)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit', exact: true }).click()
  await settle(page)
  const table = page.getByRole('table', { name: 'Audit log' })
  await expect(table.getByRole('columnheader')).toHaveText(['When', 'What', 'Who / where', 'Profile'])
  const binding = table.getByRole('row').filter({ hasText: 'binding.set' })
  await expect(binding.getByRole('cell').nth(1)).toContainText('Bound /home/dev/src/acme-api to "acme-prod"')
  await expect(binding.getByRole('cell').nth(3)).toHaveText('acme-prod')
  const denied = table.getByRole('row').filter({ hasText: 'key.denied' })
  await expect(denied.getByRole('cell').nth(1)).toContainText('Refused a key of "acme-prod"')
  await expect(denied.getByRole('cell').nth(1).locator('[title]').first()).toHaveAttribute('title', /guarded profile; no approver/)
  const rows = table.getByRole('row')
  const total = (await rows.count()) - 1
  await page.getByRole('searchbox', { name: 'Search entries' }).fill('acme-prod bound')
  await expect(rows).toHaveCount(2)
  await expect(page.getByTestId('filter-count')).toHaveText(`1 of ${total} entries`)
})

for (const width of [1100, 800]) {
  test(`no horizontal scroll at ${width} px, and no column header cut`, async ({ page }) => {
    await page.setViewportSize({ width, height: 800 })
    await page.goto(daemon.url)
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit', exact: true }).click()
    await settle(page)
    await expect(page.getByText('Unreadable line 5')).toBeVisible()
    for (const selector of ['html', 'main', '.vtable']) {
      const { scroll, client } = await page
        .locator(selector)
        .first()
        .evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }))
      expect(scroll, selector).toBeLessThanOrEqual(client)
    }
    const cut = await page.getByRole('columnheader').evaluateAll((hs) => hs.filter((h) => h.scrollWidth > h.clientWidth).map((h) => h.textContent))
    expect(cut).toEqual([])
    // The moment of each entry is whole, never cut.
    const times = await page.locator('main time').evaluateAll((ts) => ts.filter((t) => t.parentElement!.scrollWidth > t.parentElement!.clientWidth).map((t) => t.textContent))
    expect(times).toEqual([])
  })
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`no serious or critical axe violations with rows and a torn line (${colorScheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme })
    await page.goto(daemon.url)
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit', exact: true }).click()
    await settle(page)
    await expect(page.getByText('Unreadable line 5')).toBeVisible()
    const results = await new AxeBuilder({ page }).include('main').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze()
    expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([])
  })
}
