import { expect, test } from '@playwright/test'
import { expectAxeClean } from '../support/axe'
import { startSeededDemoForSpecFile } from '../support/spec-daemons'
import { openScreenNamed } from '../support/screens'

/**
 * The Keys screen over seeded projects on the demo org: profile names and directories shown as
 * they are, and what guarding a profile means under the headless daemon.
 */
const seeded = startSeededDemoForSpecFile('UTC')

test.use({ locale: 'en-US', timezoneId: 'UTC' })
test.slow()

test('profile names and directories show as they are', async ({ page }) => {
  await page.goto(seeded().demo.url)
  await openScreenNamed(page, 'Profiles')
  const names = await page.getByRole('table', { name: 'Profiles' }).locator('tbody th[scope="row"]').allInnerTexts()
  expect(names).toEqual(expect.arrayContaining(['acme', 'tools', 'webshop']))
  const directories = await page.locator('tbody th[scope="row"]').allInnerTexts()
  expect(directories.join('\n')).toContain(seeded().projects.acme)
})

test('a guarded profile under the headless daemon says the daemon refuses every request for it', async ({ page }) => {
  await page.goto(seeded().demo.url)
  await openScreenNamed(page, 'Profiles')
  await expect(page.getByTestId('guard-effect')).toContainText('refuses every request')
  const guard = page.getByRole('switch', { name: 'Require approval before serving webshop' })
  // A controlled switch: it flips once the core has stored the change.
  await guard.click()
  await expect(guard).toBeChecked()
  const row = page.getByRole('row', { name: /webshop/ }).first()
  await expect(row).toContainText('this daemon cannot ask, so it refuses every request for this key')
  await expectAxeClean(page)
  await guard.click()
  await expect(guard).not.toBeChecked()
  await expect(row).not.toContainText('refuses every request')
})
