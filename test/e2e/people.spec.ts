import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import AxeBuilder from '@axe-core/playwright'
import { type Page, expect, test } from '@playwright/test'
import { presetRange } from '../../shared/calendar'
import { KEYWARD_BIN, type RunningDaemon, startDaemon } from '../support/daemon'
import { settle } from '../support/screens'

/**
 * The People screen and a person's page against the demo org: the same per-person totals as
 * `keyward usage --by user --json`, products on the dashboard, axe clean in light and dark, and no
 * sideways scrolling at 1100 and 800 px.
 */
const run = promisify(execFile)
const TZ = 'America/New_York'
let daemon: RunningDaemon

interface CliGroups {
  lastSyncedAt: string | null
  groups: Array<{ id: string; label: string; totals: { cost: string } }>
}

async function cliUsage(by: 'user' | 'product', from?: string, to?: string): Promise<CliGroups> {
  const { stdout } = await run(KEYWARD_BIN, ['usage', '--by', by, '--json', ...(from && to ? ['--from', from, '--to', to] : [])], { env: { ...process.env, KEYWARD_HOME: daemon.home, TZ } })
  return JSON.parse(stdout) as CliGroups
}

test.use({ timezoneId: TZ, locale: 'en-US' })
test.slow()

test.beforeAll(async () => {
  daemon = await startDaemon(['--demo'], { TZ, KEYWARD_SYNC_INTERVAL_MINUTES: '60' })
  await expect.poll(async () => (await cliUsage('user').catch(() => null))?.lastSyncedAt ?? null, { timeout: 30_000 }).not.toBeNull()
})
test.afterAll(async () => {
  await daemon?.stop()
})

async function openPeople(page: Page): Promise<void> {
  await page.goto(daemon.url)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People', exact: true }).click()
  await expect(page.getByTestId('person-row').first()).toBeVisible()
  await settle(page)
}

async function openFirstPerson(page: Page): Promise<{ id: string; amount: string }> {
  const row = page.getByTestId('person-row').first()
  const id = (await row.getAttribute('data-person-id')) ?? ''
  const amount = (await row.locator('td.num').first().getAttribute('data-amount')) ?? ''
  await row.getByRole('link').first().click()
  await expect(page).toHaveURL(/#\/people\/person\//)
  await expect(page.getByTestId('person-total')).toHaveAttribute('data-amount', /\d/)
  await settle(page)
  return { id, amount }
}

test('each person’s spend on the People screen and their page is the same as keyward usage --by user', async ({ page }) => {
  await openPeople(page)
  const { from, to } = presetRange('30d', Date.now(), TZ)
  const cli = await cliUsage('user', from, to)
  const rows = page.getByTestId('person-row')
  const shown = await rows.evaluateAll((trs) => trs.map((tr) => ({ id: tr.getAttribute('data-person-id'), cost: tr.querySelector('td.num')?.getAttribute('data-amount') })))
  expect(shown).toEqual(cli.groups.map((g) => ({ id: g.id, cost: g.totals.cost })))
  expect(shown.some((p) => p.id?.startsWith('user_'))).toBe(true)
  await expect(page.getByText(/\(account deleted\)/).first()).toBeVisible()
  const { id, amount } = await openFirstPerson(page)
  expect(await page.getByTestId('person-total').getAttribute('data-amount')).toBe(amount)
  await expect(page.getByTestId('person-name')).toHaveText(cli.groups.find((g) => g.id === id)!.label)
  await expect(page.getByRole('table', { name: 'By product' })).toBeVisible()
  await expect(page.getByRole('table', { name: 'By key' })).toBeVisible()
})

test('the usage dashboard shows spend by product, as keyward usage --by product', async ({ page }) => {
  await page.goto(daemon.url)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Usage', exact: true }).click()
  const table = page.getByTestId('usage-products')
  await expect(table).toBeVisible()
  await settle(page)
  const { from, to } = presetRange('30d', Date.now(), TZ)
  const cli = await cliUsage('product', from, to)
  await expect(table.getByRole('row')).toHaveCount(cli.groups.length + 1)
  await expect(table).toContainText('Claude Code')
  const amounts = await table.locator('td.num[data-amount]').evaluateAll((tds) => tds.map((td) => td.getAttribute('data-amount')))
  expect(amounts).toEqual(cli.groups.map((g) => g.totals.cost))
})

for (const colorScheme of ['light', 'dark'] as const) {
  test(`the People screen and a person’s page have no serious or critical axe violations (${colorScheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme })
    const scan = async (where: string) => {
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze()
      return results.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map(
          (v) =>
            `${where}: ${v.id}: ${v.help} ${v.nodes
              .map((n) => n.target.join(' '))
              .slice(0, 3)
              .join('; ')}`,
        )
    }
    await openPeople(page)
    const found = await scan('people')
    await openFirstPerson(page)
    expect([...found, ...(await scan('person'))]).toEqual([])
  })
}

for (const width of [1100, 800]) {
  test(`no horizontal scroll at ${width} px, on the People screen and on a person’s page`, async ({ page }) => {
    await page.setViewportSize({ width, height: 800 })
    const noSideways = async () => {
      const [doc, main] = await page.locator('html, main').evaluateAll((els) => els.map((e) => [e.scrollWidth, e.clientWidth] as const))
      expect(doc![0]).toBeLessThanOrEqual(doc![1])
      expect(main![0]).toBeLessThanOrEqual(main![1])
    }
    await openPeople(page)
    await noSideways()
    await openFirstPerson(page)
    await noSideways()
  })
}

test('the Claude Code · API split never reads as zero beside a spend: what cannot be split says so', async ({ page }) => {
  await openPeople(page)
  const rows = await page
    .getByTestId('person-row')
    .evaluateAll((trs) => trs.map((tr) => ({ spend: tr.querySelector('td.num')?.getAttribute('data-amount') ?? '0', split: tr.children[3]?.textContent ?? '' })))
  expect(rows.length).toBeGreaterThan(0)
  const zeroSplits = rows.filter((r) => Number(r.spend) >= 0.005 && /^\$0\.00 · \$0\.00$/.test(r.split.trim()))
  expect(zeroSplits).toEqual([])
})
