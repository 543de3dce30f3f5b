import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { expect, test } from '@playwright/test'
import { daysBetween } from '../../shared/calendar'
import { fromAmount, formatMoney } from '../../shared/money'
import { KEYWARD_BIN, type RunningDaemon, startDaemon } from '../support/daemon'
import { openScreenNamed } from '../support/screens'

const run = promisify(execFile)
const TZ = 'America/New_York'
let daemon: RunningDaemon

/** `keyward usage --json` by the built CLI, against the daemon's data directory. */
async function cliUsage(): Promise<{ monthToDate: string; lastSyncedAt: string | null; range: { from: string; to: string } }> {
  const { stdout } = await run(KEYWARD_BIN, ['usage', '--json'], { env: { ...process.env, KEYWARD_HOME: daemon.home, TZ } })
  return JSON.parse(stdout)
}

test.use({ timezoneId: TZ, locale: 'en-US' })

test.beforeAll(async () => {
  daemon = await startDaemon(['--demo'], { TZ, KEYWARD_SYNC_INTERVAL_MINUTES: '60' })
  // The daemon syncs the demo org as it starts; wait until the cache answers.
  await expect.poll(async () => (await cliUsage().catch(() => null))?.lastSyncedAt ?? null, { timeout: 30_000 }).not.toBeNull()
})
test.afterAll(async () => {
  await daemon?.stop()
})

test('the dashboard shows the same month-to-date total as keyward usage --json', async ({ page }) => {
  const cli = await cliUsage()
  await page.goto(daemon.url)
  await page.getByRole('link', { name: 'Usage' }).click()
  const mtd = page.getByTestId('usage-mtd')
  await expect(mtd).toHaveAttribute('data-amount', /\d/)
  expect(await mtd.getAttribute('data-amount')).toBe(cli.monthToDate)
  await expect(mtd).toContainText(formatMoney(fromAmount(cli.monthToDate), { locale: 'en-US' }))
  await expect(page.getByTestId('usage-tz')).toContainText(`your time zone (${TZ})`)
})

test('the tray summary reads the same month to date from the usage cache', async ({ request }) => {
  const cli = await cliUsage()
  const response = await request.post(`${daemon.origin}/rpc`, {
    headers: { 'content-type': 'application/json', 'x-keyward-token': daemon.token },
    data: { name: 'tray.summary', input: {} },
  })
  const body = (await response.json()) as { ok: boolean; value: { monthToDate: { amount: string }; lastSyncedAt: string | null } }
  expect(body.ok).toBe(true)
  expect(body.value.monthToDate.amount).toBe(cli.monthToDate)
  expect(body.value.lastSyncedAt).toBe(cli.lastSyncedAt)
})

test('the dashboard draws both charts and links each top key to its page', async ({ page }) => {
  await page.goto(daemon.url)
  await page.getByRole('link', { name: 'Usage' }).click()
  await expect(page.getByRole('img', { name: /Daily cost/ })).toBeVisible()
  await expect(page.getByRole('img', { name: /Daily tokens/ })).toBeVisible()
  // Wait for the 7-day answers, so the link read below is the one clicked (the table re-renders).
  const reloaded = page.waitForResponse((r) => r.url().endsWith('/rpc') && (r.request().postData() ?? '').includes('"usage.daily"'))
  await page.getByRole('button', { name: '7 days' }).click()
  await reloaded
  await expect(page.getByRole('button', { name: '7 days' })).toHaveAttribute('aria-pressed', 'true')
  // Click the key by the name read, so a late re-render of the table (another answer of the range
  // arriving) cannot put a different key under the pointer between the read and the click.
  const name = (await page.getByTestId('top-keys').getByRole('link').first().textContent()) ?? ''
  await page.getByTestId('top-keys').getByRole('link', { name, exact: true }).first().click()
  await expect(page).toHaveURL(/#\/usage\/key\//)
  await expect(page.getByTestId('usage-key-name')).toHaveText(name)
  await expect(page.getByTestId('usage-key-total')).toHaveAttribute('data-amount', /\d/)
})

test('From and To follow the 7, 30 and 90-day buttons', async ({ page }) => {
  await page.goto(daemon.url)
  await openScreenNamed(page, 'Usage')
  const days = async () => daysBetween(await page.getByLabel('From', { exact: true }).inputValue(), await page.getByLabel('To', { exact: true }).inputValue()) + 1
  for (const [button, n] of [
    ['7 days', 7],
    ['90 days', 90],
    ['30 days', 30],
  ] as const) {
    await page.getByRole('button', { name: button }).click()
    await expect.poll(days).toBe(n)
  }
})

test('the Default workspace has its name in usage by workspace and in keyward usage --by workspace', async ({ page }) => {
  await page.goto(daemon.url)
  await openScreenNamed(page, 'Usage')
  await page.getByRole('button', { name: 'Workspace', exact: true }).click()
  const breakdown = page.getByTestId('usage-breakdown')
  await expect(breakdown).toContainText('Default workspace')
  for (const label of await breakdown.locator('tbody tr td:first-child').allInnerTexts()) expect(label).not.toMatch(/^wrkspc_/)
  const { stdout } = await run(KEYWARD_BIN, ['usage', '--by', 'workspace', '--from', '2020-01-01'], { env: { ...process.env, KEYWARD_HOME: daemon.home, TZ } })
  expect(stdout).toContain('Default workspace')
  expect(stdout).not.toMatch(/^wrkspc_/m)
})
