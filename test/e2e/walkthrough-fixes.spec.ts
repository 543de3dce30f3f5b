import { execFile, spawn } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import AxeBuilder from '@axe-core/playwright'
import { type Page, expect, test } from '@playwright/test'
import { createConfigStore } from '../../electron/core/platform/config/config-store'
import { daysBetween } from '../../shared/calendar'
import { formatMoney, parseCents } from '../../shared/money'
import { KEYWARD_BIN, type RunningDaemon, startDaemon } from '../support/daemon'
import { seedDemoProjects } from '../support/projects'
import { settle } from '../support/screens'

/**
 * What a new user hit in the first-user walkthrough, each checked in Chromium against
 * `keyward daemon --ui --demo`: the real core, the official SDK and the demo org's emulator.
 */
const run = promisify(execFile)
const TZ = 'UTC'
let demo: RunningDaemon
let projects: Awaited<ReturnType<typeof seedDemoProjects>>

test.use({ locale: 'en-US', timezoneId: TZ })
test.slow()

test.beforeAll(async () => {
  projects = await seedDemoProjects()
  const startedAt = new Date(Date.now() - 2 * 86_400_000).toISOString()
  // A rotation of a key that matched no org Keyward administers: Keyward can only forget its old key.
  await createConfigStore(projects.home).update((c) => ({
    ...c,
    rotation: { ageDays: 90, quietHours: 24, pending: [{ profile: 'tools', orgId: null, oldKeyId: null, newKeyId: null, oldHint: 'sk-ant-api03-def...QRST', startedAt, quietHours: 24 }] },
  }))
  demo = await startDaemon(['--demo'], { KEYWARD_HOME: projects.home, TZ, KEYWARD_SYNC_INTERVAL_MINUTES: '60' })
  // The daemon syncs the demo org as it starts; wait until the cache answers.
  await expect
    .poll(async () => {
      const { stdout } = await run(KEYWARD_BIN, ['usage', '--json'], { env: { ...process.env, KEYWARD_HOME: demo.home, TZ } }).catch(() => ({ stdout: '{}' }))
      return (JSON.parse(stdout) as { lastSyncedAt?: string | null }).lastSyncedAt ?? null
    }, { timeout: 30_000 })
    .not.toBeNull()
})
test.afterAll(async () => {
  await demo?.stop()
})

/** Calls a procedure of the daemon's core directly, as the renderer does. */
async function rpc<T>(page: Page, name: string, input: Record<string, unknown>): Promise<T> {
  const response = await page.request.post(`${demo.origin}/rpc`, { headers: { 'content-type': 'application/json', 'x-keyward-token': demo.token }, data: { name, input } })
  const body = (await response.json()) as { ok: boolean; value: T }
  expect(body.ok).toBe(true)
  return body.value
}

async function open(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click()
  await settle(page)
}

/** No serious or critical axe violations in the current state, in light and in dark. */
async function expectAxeClean(page: Page): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme })
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze()
    expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${colorScheme}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([])
  }
}

test('1. Limits → Effective limits shows the exact money of fractional-cent spend', async ({ page }) => {
  await page.goto(demo.url)
  const [org] = await rpc<Array<{ id: string }>>(page, 'orgs.list', {})
  const effective = await rpc<{ items: Array<{ amount: string | null; periodToDateSpend: string }> }>(page, 'admin.listEffectiveSpendLimits', { orgId: org!.id })
  expect(effective.items.some((s) => s.periodToDateSpend.includes('.'))).toBe(true)
  await open(page, 'Limits')
  const table = page.getByRole('table', { name: 'Effective limits' })
  await expect(table.getByRole('row')).toHaveCount(effective.items.length + 1)
  const spent = await table.locator('tbody tr td:nth-child(4)').allInnerTexts()
  expect(spent).toEqual(effective.items.map((s) => formatMoney(parseCents(s.periodToDateSpend), { locale: 'en-US' })))
  for (const text of [...spent, ...(await table.locator('tbody tr td:nth-child(3)').allInnerTexts())]) expect(text).toMatch(/^\$\d{1,3}(,\d{3})*\.\d{2}$|^no limit$/)
})

test('2. the Profiles screen shows profile names and directories as they are', async ({ page }) => {
  await page.goto(demo.url)
  await open(page, 'Profiles')
  const names = await page.getByRole('table', { name: 'Profiles' }).locator('tbody th[scope="row"]').allInnerTexts()
  expect(names).toEqual(expect.arrayContaining(['acme', 'tools', 'webshop']))
  const directories = await page.locator('tbody th[scope="row"]').allInnerTexts()
  expect(directories.join('\n')).toContain(projects.acme)
})

test('3. workspace members by name and email, added by picking a person', async ({ page }) => {
  await page.goto(demo.url)
  await open(page, 'Workspaces')
  await page.getByRole('button', { name: /^Members of / }).first().click()
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

test('5. Usage From and To follow the 7, 30 and 90-day buttons', async ({ page }) => {
  await page.goto(demo.url)
  await open(page, 'Usage')
  const days = async () => daysBetween(await page.getByLabel('From', { exact: true }).inputValue(), await page.getByLabel('To', { exact: true }).inputValue()) + 1
  for (const [button, n] of [['7 days', 7], ['90 days', 90], ['30 days', 30]] as const) {
    await page.getByRole('button', { name: button }).click()
    await expect.poll(days).toBe(n)
  }
})

test('6. the Default workspace has its name in usage by workspace and in keyward usage --by workspace', async ({ page }) => {
  await page.goto(demo.url)
  await open(page, 'Usage')
  await page.getByRole('button', { name: 'Workspace', exact: true }).click()
  const breakdown = page.getByTestId('usage-breakdown')
  await expect(breakdown).toContainText('Default workspace')
  for (const label of await breakdown.locator('tbody tr td:first-child').allInnerTexts()) expect(label).not.toMatch(/^wrkspc_/)
  const { stdout } = await run(KEYWARD_BIN, ['usage', '--by', 'workspace', '--from', '2020-01-01'], { env: { ...process.env, KEYWARD_HOME: demo.home, TZ } })
  expect(stdout).toContain('Default workspace')
  expect(stdout).not.toMatch(/^wrkspc_/m)
})

test('7. Limits offers only monthly limits with an amount, and no Delete on the usage-tier row', async ({ page }) => {
  await page.goto(demo.url)
  await open(page, 'Limits')
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

test('8. Users offers no Remove on the primary owner', async ({ page }) => {
  await page.goto(demo.url)
  await open(page, 'Users')
  const owner = page.getByRole('table', { name: 'Users' }).getByRole('row', { name: /primary owner/ })
  await expect(owner).toContainText('not removable')
  await expect(owner.getByRole('button')).toHaveCount(0)
  await expect(page.getByRole('button', { name: /^Remove / }).first()).toBeVisible()
})

test('9. a guarded profile under the headless daemon says the daemon refuses every request for it', async ({ page }) => {
  await page.goto(demo.url)
  await open(page, 'Profiles')
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

test('10. the dashboard opened without its token shows one page saying how to open it', async ({ browser }) => {
  const context = await browser.newContext()
  const page = await context.newPage()
  await page.goto(demo.origin)
  await expect(page.getByTestId('token-page')).toBeVisible()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Open the dashboard with its token')
  await expect(page.getByTestId('token-page')).toContainText('#token=')
  await expect(page.getByRole('alert')).toHaveCount(0)
  await expect(page.locator('form, input, table')).toHaveCount(0)
  await expectAxeClean(page)
  await context.close()
})

test('13. budgets read "$7,000.00 per month" with their scope and the month, and the form clears', async ({ page }) => {
  await page.goto(demo.url)
  await open(page, 'Budgets')
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

test('13. every table has a header row, and UI errors carry no procedure names or CLI flags', async ({ page }) => {
  await page.goto(demo.url)
  for (const name of ['Profiles', 'Usage', 'Budgets', 'Rotation', 'Workspaces', 'Users', 'Invites', 'API keys', 'Limits']) {
    await open(page, name)
    for (const table of await page.locator('main table').all()) await expect(table.locator('thead th').first()).toBeVisible()
  }
  await open(page, 'Budgets')
  await page.getByLabel('Amount (USD)').fill('twelve')
  await page.getByRole('button', { name: 'Add budget' }).click()
  const alert = page.getByRole('alert').first()
  await expect(alert).toBeVisible()
  await expect(alert).not.toContainText(/budgets\.[a-z]+:|--[a-z]|keyward [a-z]/)
  await expect(alert).toHaveText(/^[A-Z]/)
})

test('13. the rotation confirmation for a key Keyward cannot deactivate says the key stays active', async ({ page }) => {
  await page.goto(demo.url)
  await open(page, 'Rotation')
  await page.getByRole('button', { name: 'Forget old key' }).click()
  const dialog = page.getByRole('dialog', { name: 'Forget the old key of tools?' })
  await expect(dialog).toContainText('Keyward cannot deactivate this key')
  await expect(dialog).toContainText('stays active')
  await expectAxeClean(page)
  await dialog.getByRole('button', { name: 'Cancel' }).click()
})

test('12. started where no keychain answers, the daemon says so at once, with both fixes', async () => {
  const env: NodeJS.ProcessEnv = { ...process.env, KEYWARD_HOME: await mkdtemp(join(tmpdir(), 'keyward-nokeychain-')), DISPLAY: '' }
  delete env.DBUS_SESSION_BUS_ADDRESS
  const child = spawn(KEYWARD_BIN, ['daemon', '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let err = ''
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()))
  try {
    await expect.poll(() => err, { timeout: 15_000 }).toContain('keyward vault init --backend file')
  } finally {
    child.kill('SIGTERM')
  }
  expect(err).toMatch(/^keyward: no OS keychain answers here, so keys cannot be added or served yet: .*Secret Service.*.*keep keys in an encrypted file instead: keyward vault init --backend file\.$/m)
  expect(err.match(/keyward vault init --backend file/g)).toHaveLength(1)
})
