import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { expect, test } from '@playwright/test'
import { KEYWARD_BIN, type RunningDaemon, startDaemon } from '../support/daemon'
import { openScreenNamed } from '../support/screens'

/** The Budgets screen on the demo org: a budget reads as keyward budgets prints it, and a bad limit reads as a sentence. */
const run = promisify(execFile)
const TZ = 'UTC'
let demo: RunningDaemon

test.use({ locale: 'en-US', timezoneId: TZ })

test.beforeAll(async () => {
  demo = await startDaemon(['--demo'], { TZ, KEYWARD_SYNC_INTERVAL_MINUTES: '60' })
})
test.afterAll(async () => {
  await demo?.stop()
})

test('a budget reads "$7,000.00 per month" with its scope and the month, as in keyward budgets, and the form clears', async ({ page }) => {
  await page.goto(demo.url)
  await openScreenNamed(page, 'Budgets')
  await page.getByLabel('Amount (USD)').fill('7000')
  await page.getByRole('button', { name: 'Add budget' }).click()
  const row = page.getByTestId('budgets-table').getByRole('row', { name: /7,000/ })
  await expect(row).toContainText('$7,000.00 per month')
  await expect(row).toContainText(/^Org /)
  const month = new Intl.DateTimeFormat('en-US', { month: 'long', year: 'numeric', timeZone: TZ }).format(new Date())
  await expect(row).toContainText(month)
  await expect(page.getByLabel('Amount (USD)')).toHaveValue('')
  const { stdout } = await run(KEYWARD_BIN, ['budgets'], { env: { ...process.env, KEYWARD_HOME: demo.home, TZ } })
  expect(stdout).toMatch(/org .*: \$7,000\.00 per month; \$[\d,.]+ spent in /)
  expect(stdout).toContain(month)
})

test('a limit that is not dollars gets a sentence with no procedure names or CLI flags', async ({ page }) => {
  await page.goto(demo.url)
  await openScreenNamed(page, 'Budgets')
  await page.getByLabel('Amount (USD)').fill('twelve')
  await page.getByRole('button', { name: 'Add budget' }).click()
  const alert = page.getByRole('alert').first()
  await expect(alert).toBeVisible()
  await expect(alert).not.toContainText(/budgets\.[a-z]+:|--[a-z]|keyward [a-z]/)
  await expect(alert).toHaveText(/^[A-Z]/)
})
