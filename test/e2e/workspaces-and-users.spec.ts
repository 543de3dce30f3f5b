import { expect, test } from '@playwright/test'
import { expectAxeClean } from '../support/axe'
import { startDemoDaemonForSpecFile } from '../support/spec-daemons'
import { openScreenNamed } from '../support/screens'

/** The Workspaces and Users screens on the demo org: people by name and email, and what cannot be removed. */
const demo = startDemoDaemonForSpecFile('UTC')

test.use({ locale: 'en-US', timezoneId: 'UTC' })

test('workspace members show by name and email, and are added by picking a person', async ({ page }) => {
  await page.goto(demo().url)
  await openScreenNamed(page, 'Workspaces')
  await page
    .getByRole('button', { name: /^Members of / })
    .first()
    .click()
  const panel = page.getByRole('region', { name: /^Members of / })
  const table = panel.getByRole('table')
  await expect(table.locator('tbody tr').first()).toBeVisible()
  await expect(table).not.toContainText('user_')
  await expect(table.locator('tbody tr').first()).toContainText('@')
  const picker = panel.getByRole('combobox', { name: 'User', exact: true })
  const options = await picker.locator('option').allInnerTexts()
  expect(options.length).toBeGreaterThan(1)
  const someone = options[1]!
  expect(someone).toMatch(/^.+ \(.+@.+\)$/)
  const before = await table.locator('tbody tr').count()
  await picker.selectOption({ label: someone })
  await panel.getByRole('button', { name: 'Add member' }).click()
  await expect(table.locator('tbody tr')).toHaveCount(before + 1)
  await expect(table).toContainText(someone.replace(/ \(.*$/, ''))
  await expect(picker).toHaveValue('')
  await expectAxeClean(page)
})

test('Users offers no Remove on the primary owner', async ({ page }) => {
  await page.goto(demo().url)
  await openScreenNamed(page, 'Users')
  const owner = page.getByRole('table', { name: 'Users' }).getByRole('row', { name: /primary owner/ })
  await expect(owner).toContainText('not removable')
  await expect(owner.getByRole('button')).toHaveCount(0)
  // Everyone else's row menu offers Remove.
  await page
    .getByRole('button', { name: /^Actions for / })
    .first()
    .click()
  await expect(page.getByRole('menuitem', { name: /^Remove / }).first()).toBeVisible()
})
