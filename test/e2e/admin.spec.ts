import { expect, test } from '@playwright/test'
import { type RunningDaemon, startDaemon } from '../support/daemon'

/**
 * Org administration in Chromium against `keyward daemon --ui --demo`: the demo org's emulator
 * runs inside the daemon, so every click goes renderer → /rpc → core → official SDK → emulator.
 */
let daemon: RunningDaemon
let forbidden: RunningDaemon

test.beforeAll(async () => {
  daemon = await startDaemon(['--demo'])
  // Test-only: KEYWARD_DEMO_FAULTS makes the demo emulator answer 403 to listing users.
  forbidden = await startDaemon(['--demo'], {
    KEYWARD_DEMO_FAULTS: JSON.stringify({ 'GET /v1/organizations/users': { kind: 'error', type: 'permission_error', message: 'This Admin key may not list users.' } }),
  })
})
test.afterAll(async () => {
  await daemon?.stop()
  await forbidden?.stop()
})

test('create, rename and archive a workspace', async ({ page }) => {
  await page.goto(daemon.url)
  await page.getByRole('link', { name: 'Workspaces' }).click()
  const table = page.getByRole('table', { name: 'Workspaces' })
  await expect(table.getByTestId('workspace-row').first()).toBeVisible()

  await page.getByLabel('New workspace name').fill('E2E Lab')
  await page.getByRole('button', { name: 'Create workspace' }).click()
  await expect(table.getByRole('row', { name: /E2E Lab/ })).toBeVisible()

  await page.getByRole('button', { name: 'Rename E2E Lab' }).click()
  await page.getByLabel('New name for E2E Lab').fill('E2E Lab Renamed')
  await page.getByRole('button', { name: 'Save' }).click()
  await expect(table.getByRole('row', { name: /E2E Lab Renamed/ })).toBeVisible()

  await page.getByRole('button', { name: 'Archive E2E Lab Renamed' }).click()
  const dialog = page.getByRole('dialog', { name: /Archive workspace "E2E Lab Renamed"/ })
  await expect(dialog).toBeVisible()
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused()
  await dialog.getByRole('button', { name: 'Archive workspace' }).click()
  await expect(table.getByRole('row', { name: /E2E Lab Renamed/ })).toHaveCount(0)

  await page.getByLabel('Show archived').check()
  await expect(table.getByRole('row', { name: /E2E Lab Renamed/ })).toContainText('archived')
})

test('invite a user and delete the invite', async ({ page }) => {
  await page.goto(daemon.url)
  await page.getByRole('link', { name: 'Invites' }).click()
  await page.getByLabel('Email').fill('new.hire@example.com')
  await page.getByLabel('Role').selectOption('developer')
  await page.getByRole('button', { name: 'Send invite' }).click()
  const row = page.getByRole('table', { name: 'Invites' }).getByRole('row', { name: /new\.hire@example\.com/ })
  await expect(row).toContainText('pending')

  await page.getByRole('button', { name: 'Delete invite for new.hire@example.com' }).click()
  await page.getByRole('dialog').getByRole('button', { name: 'Delete invite' }).click()
  await expect(page.getByRole('table', { name: 'Invites' }).getByRole('row', { name: /new\.hire@example\.com.*pending/ })).toHaveCount(0)
})

test('API keys name their creator and say when each was last used', async ({ page }) => {
  await page.goto(daemon.url)
  await page.getByRole('link', { name: 'API keys' }).click()
  const first = page.getByTestId('api-key-row').first()
  await expect(first).toBeVisible()
  const creator = first.getByTestId('api-key-creator')
  await expect(creator).not.toHaveText('…')
  await expect(creator).not.toHaveText(/^(user|sa)_[A-Za-z0-9]+$|^A user$|Former or unknown user/)
  await expect(first.getByTestId('api-key-last-use')).toHaveText(/never synced|no use in \d+ days|ago|yesterday|today|\d/)
})

test('API keys: one line per key, its actions behind one menu, and a search with a count', async ({ page }) => {
  await page.setViewportSize({ width: 1100, height: 800 })
  await page.goto(daemon.url)
  await page.getByRole('link', { name: 'API keys' }).click()
  const rows = page.getByTestId('api-key-row')
  await expect(rows.first()).toBeVisible()
  const total = await rows.count()
  // One line: no row is taller than two lines of text (the name over its hint).
  const heights = await rows.evaluateAll((trs) => trs.map((tr) => tr.getBoundingClientRect().height))
  expect(Math.max(...heights)).toBeLessThan(64)
  // A row's several actions sit behind one button; the menu names each action and its key.
  const first = rows.first()
  const menuButton = first.getByRole('button', { name: /^Actions for / })
  await expect(first.getByRole('button')).toHaveCount(1)
  await menuButton.click()
  const menu = page.getByRole('menu')
  await expect(menu.getByRole('menuitem')).toHaveText(['Rename', /^(Deactivate|Activate)$/, 'Archive'])
  await page.keyboard.press('Escape')
  await expect(menu).toHaveCount(0)
  await expect(menuButton).toBeFocused()
  // Names and hints stay whole on one line: cut with an ellipsis, the full text on hover.
  const cut = await page.locator('main table .truncate').evaluateAll((els) => els.filter((e) => e.getClientRects().length > 1 || e.getBoundingClientRect().height > 24).length)
  expect(cut).toBe(0)
  await expect(first.locator('.truncate').first()).toHaveAttribute('title', /.+/)
  // Search narrows the loaded rows and says how many match.
  const search = page.getByRole('searchbox', { name: 'Search API keys' })
  await search.fill('etl')
  await expect(page.getByTestId('filter-count')).toHaveText(new RegExp(`^${await rows.count()} of ${total} API keys$`))
  expect(await rows.count()).toBeLessThan(total)
  for (const text of await rows.allTextContents()) expect(text.toLowerCase()).toContain('etl')
  await search.fill('no such key anywhere')
  await expect(rows).toHaveCount(0)
  await expect(page.getByTestId('filter-count')).toHaveText(`0 of ${total} API keys`)
})

test('Users: a search by name or email with a count, emails never broken mid-word, actions in one row menu', async ({ page }) => {
  await page.setViewportSize({ width: 1100, height: 800 })
  await page.goto(daemon.url)
  await page.getByRole('link', { name: 'Users' }).click()
  const table = page.getByRole('table', { name: 'Users' })
  const rows = table.locator('tbody tr')
  await expect(rows.first()).toBeVisible()
  const total = await rows.count()
  const lines = await table.locator('tbody td .truncate').evaluateAll((els) => Math.max(...els.map((e) => Math.round(e.getBoundingClientRect().height))))
  expect(lines).toBeLessThan(24)
  const email = (await table.locator('tbody tr').first().locator('td').nth(1).textContent())!
  // A row's actions (Offboard, Remove) sit behind one menu, so the row stays one line.
  await table.getByRole('button', { name: `Actions for ${email}` }).click()
  await expect(page.getByRole('menuitem')).toHaveText(['Offboard', 'Remove'])
  await page.keyboard.press('Escape')
  await page.getByRole('searchbox', { name: 'Search users' }).fill(email.toUpperCase())
  await expect(rows).toHaveCount(1)
  await expect(page.getByTestId('filter-count')).toHaveText(`1 of ${total} users`)
})

test('without permission to list users, a creator reads "A user"', async ({ page }) => {
  await page.goto(forbidden.url)
  await page.getByRole('link', { name: 'API keys' }).click()
  await expect(page.getByTestId('api-key-row').first().getByTestId('api-key-creator')).toHaveText('A user')
})

test('deactivate an API key', async ({ page }) => {
  await page.goto(daemon.url)
  await page.getByRole('link', { name: 'API keys' }).click()
  await page.getByLabel('Status').selectOption('active')
  const first = page.getByTestId('api-key-row').first()
  await expect(first).toBeVisible()
  const keyId = await first.getAttribute('data-key-id')
  await first.getByRole('button', { name: /^Actions for / }).click()
  await page.getByRole('menuitem', { name: /^Deactivate / }).click()
  await page.getByRole('dialog').getByRole('button', { name: 'Deactivate key' }).click()
  await expect(page.locator(`[data-key-id="${keyId}"]`)).toHaveCount(0)

  await page.getByLabel('Status').selectOption('inactive')
  await expect(page.locator(`[data-key-id="${keyId}"]`).getByTestId('api-key-status')).toHaveText('inactive')
})

test('a 403 from the Admin API reads as a clear sentence in place', async ({ page }) => {
  await page.goto(forbidden.url)
  await page.getByRole('link', { name: 'Users' }).click()
  const alert = page.getByRole('alert')
  await expect(alert).toContainText(/^The Admin key for .+ lacks permission to list users/)
  await expect(alert).toHaveAttribute('data-code', 'API_FORBIDDEN')
  await expect(page.getByRole('table', { name: 'Users' })).toHaveCount(0)
  // Other screens of the same org still work.
  await page.getByRole('link', { name: 'Workspaces' }).click()
  await expect(page.getByTestId('workspace-row').first()).toBeVisible()
})

test('the Admin key never reaches the page', async ({ page }) => {
  const bodies: string[] = []
  page.on('response', async (r) => {
    if (r.url().endsWith('/rpc')) bodies.push(await r.text())
  })
  await page.goto(daemon.url)
  await page.getByRole('link', { name: 'API keys' }).click()
  await expect(page.getByTestId('api-key-row').first()).toBeVisible()
  expect(bodies.join('\n')).not.toMatch(/sk-ant-admin01-/)
  expect(await page.content()).not.toMatch(/sk-ant-admin01-/)
})
