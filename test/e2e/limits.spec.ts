import { type Page, expect, test } from '@playwright/test'
import { formatMoney, parseCents } from '../../shared/money'
import { startDemoDaemonForSpecFile } from '../support/spec-daemons'
import { openScreenNamed } from '../support/screens'

/**
 * The Limits screen on the demo org: the exact money of each effective limit's spend, and only the
 * limits the Admin API can set (monthly, with an amount; the usage tier read-only).
 */
const demo = startDemoDaemonForSpecFile('UTC')

test.use({ locale: 'en-US', timezoneId: 'UTC' })

/** Calls a procedure of the daemon's core directly, as the renderer does. */
async function rpc<T>(page: Page, name: string, input: Record<string, unknown>): Promise<T> {
  const response = await page.request.post(`${demo().origin}/rpc`, { headers: { 'content-type': 'application/json', 'x-keyward-token': demo().token }, data: { name, input } })
  const body = (await response.json()) as { ok: boolean; value: T }
  expect(body.ok).toBe(true)
  return body.value
}

test('Effective limits shows the exact money of fractional-cent spend', async ({ page }) => {
  await page.goto(demo().url)
  const [org] = await rpc<Array<{ id: string }>>(page, 'orgs.list', {})
  const effective = await rpc<{ items: Array<{ amount: string | null; periodToDateSpend: string }> }>(page, 'admin.listEffectiveSpendLimits', { orgId: org!.id })
  expect(effective.items.some((s) => s.periodToDateSpend.includes('.'))).toBe(true)
  await openScreenNamed(page, 'Limits')
  const table = page.getByRole('table', { name: 'Effective limits' })
  await expect(table.getByRole('row')).toHaveCount(effective.items.length + 1)
  const spent = await table.locator('tbody tr td:nth-child(4)').allInnerTexts()
  expect(spent).toEqual(effective.items.map((s) => formatMoney(parseCents(s.periodToDateSpend), { locale: 'en-US' })))
  for (const text of [...spent, ...(await table.locator('tbody tr td:nth-child(3)').allInnerTexts())]) expect(text).toMatch(/^\$\d{1,3}(,\d{3})*\.\d{2}$|^no limit$/)
})

test('only monthly limits with an amount are offered, and the usage-tier row has no Delete', async ({ page }) => {
  await page.goto(demo().url)
  await openScreenNamed(page, 'Limits')
  await expect(page.getByLabel('Period')).toHaveCount(0)
  await expect(page.locator('main')).toContainText('no daily or weekly limits')
  const tier = page.getByRole('table', { name: 'Spend limits' }).getByRole('row', { name: /Usage tier/ })
  await expect(tier).toContainText('read-only')
  await expect(tier.getByRole('button')).toHaveCount(0)
  await page.getByLabel('Monthly amount (USD)').fill('1,234.50')
  await page.getByRole('button', { name: 'Set limit' }).click()
  await expect(page.getByRole('table', { name: 'Spend limits' }).getByRole('row', { name: /^Org\b/ })).toContainText('$1,234.50')
  await expect(page.getByLabel('Monthly amount (USD)')).toHaveValue('')
})
