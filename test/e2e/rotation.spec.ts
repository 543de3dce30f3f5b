import { expect, test } from '@playwright/test'
import { expectAxeClean } from '../support/axe'
import { startSeededDemoForSpecFile } from '../support/spec-daemons'
import { openScreenNamed } from '../support/screens'

/** The Rotation screen with a pending rotation of a key that matched no org Keyward administers. */
const seeded = startSeededDemoForSpecFile('UTC')

test.use({ locale: 'en-US', timezoneId: 'UTC' })

test('the confirmation for a key Keyward cannot deactivate says the key stays active', async ({ page }) => {
  await page.goto(seeded().demo.url)
  await openScreenNamed(page, 'Rotation')
  await page.getByRole('button', { name: 'Forget old key' }).click()
  const dialog = page.getByRole('dialog', { name: 'Forget the old key of tools?' })
  await expect(dialog).toContainText('Keyward cannot deactivate this key')
  await expect(dialog).toContainText('stays active')
  await expectAxeClean(page)
  await dialog.getByRole('button', { name: 'Cancel' }).click()
})
