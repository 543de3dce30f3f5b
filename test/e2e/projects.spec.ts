import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import AxeBuilder from '@axe-core/playwright'
import { type Page, expect, test } from '@playwright/test'
import type { ProjectsOverview } from '../../shared/contract/projects.contract'
import { fromAmount, formatMoney } from '../../shared/money'
import { KEYWARD_BIN, type RunningDaemon, startDaemon } from '../support/daemon'
import { type SeededProjects, seedDemoProjects } from '../support/projects'
import { settle } from '../support/screens'

/**
 * The Projects screen in Chromium against `keyward daemon --ui --demo` over a data directory seeded
 * with projects on the demo org's keys: the same figures as `keyward projects --json`, one project
 * by its deep link, allow and rebind, the browser UI's reveal refusal, axe and no sideways scroll.
 */
const run = promisify(execFile)
const TZ = 'America/New_York'
let daemon: RunningDaemon
let seeded: SeededProjects

/** `keyward projects --json` by the built CLI, against the daemon's data directory. */
async function cliProjects(): Promise<ProjectsOverview> {
  const { stdout } = await run(KEYWARD_BIN, ['projects', '--json'], { env: { ...process.env, KEYWARD_HOME: daemon.home, TZ } })
  return JSON.parse(stdout) as ProjectsOverview
}

const projectUrl = (dir: string) => `${daemon.url.replace(/#.*$/, '')}#/projects/${encodeURIComponent(dir)}`

/** Opens one project through the table's link (the token stays in the session, so hash changes keep it). */
async function openProject(page: Page, dir: string): Promise<void> {
  await page.goto(daemon.url)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Projects', exact: true }).click()
  await page.getByRole('link', { name: dir, exact: true }).click()
  await expect(page.getByRole('heading', { name: dir, exact: true })).toBeVisible()
  await settle(page)
}

test.use({ timezoneId: TZ, locale: 'en-US' })

test.beforeAll(async () => {
  seeded = await seedDemoProjects()
  daemon = await startDaemon(['--demo'], { TZ, KEYWARD_HOME: seeded.home, KEYWARD_SYNC_INTERVAL_MINUTES: '60' })
  await expect.poll(async () => (await cliProjects().catch(() => null))?.lastSyncedAt ?? null, { timeout: 30_000 }).not.toBeNull()
})
test.afterAll(async () => {
  await daemon?.stop()
})

test('lists every project with the same spend as keyward projects --json, shared keys apart', async ({ page }) => {
  const cli = await cliProjects()
  expect(cli.projects.map((p) => p.directory)).toEqual([seeded.acme, seeded.sharedA, seeded.sharedB, seeded.webshop].sort((a, b) => a.localeCompare(b)))
  const acme = cli.projects.find((p) => p.directory === seeded.acme)!
  expect(fromAmount(acme.spend.monthToDate)).toBeGreaterThan(0n)
  expect(acme.lastServed).toMatchObject({ agent: 'claude-code', executable: '/usr/bin/node', pid: 48213 })
  const sharedA = cli.projects.find((p) => p.directory === seeded.sharedA)!
  expect(sharedA.spend).toMatchObject({ monthToDate: '0', shared: { withProjects: [seeded.sharedB] } })
  await page.goto(daemon.url)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Projects', exact: true }).click()
  await settle(page)
  const rows = page.getByTestId('project-row')
  await expect(rows).toHaveCount(4)
  const acmeRow = rows.filter({ hasText: seeded.acme })
  await expect(acmeRow.getByTestId('project-mtd')).toHaveAttribute('data-amount', acme.spend.monthToDate)
  await expect(acmeRow).toContainText(formatMoney(fromAmount(acme.spend.monthToDate), { locale: 'en-US' }))
  await expect(acmeRow).toContainText('claude-code (claimed) · /usr/bin/node (pid 48213)')
  await expect(rows.filter({ hasText: seeded.sharedA })).toContainText(`+ ${formatMoney(fromAmount(sharedA.spend.shared!.monthToDate), { locale: 'en-US' })} shared`)
  await expect(rows.filter({ hasText: seeded.webshop })).toContainText('file needs review')
})

test('a deep link opens one project; the browser UI offers the path to copy and the core refuses to reveal', async ({ page, request }) => {
  await page.goto(daemon.url)
  await page.goto(projectUrl(seeded.acme))
  await expect(page.getByRole('heading', { name: seeded.acme, exact: true })).toBeVisible()
  await expect(page.getByTestId('project-last-served')).toContainText(`to claude-code (claimed) · /usr/bin/node (pid 48213) in ${seeded.acme}/server`)
  await expect(page.getByRole('button', { name: 'Reveal in file manager' })).toHaveCount(0)
  await expect(page.getByLabel(/needs the desktop app; copy the path/)).toHaveValue(seeded.acme)
  const call = (name: string, input: unknown) =>
    request.post(`${daemon.origin}/rpc`, { headers: { 'content-type': 'application/json', 'x-keyward-token': daemon.token }, data: { name, input } }).then((r) => r.json())
  expect(await call('projects.reveal', { directory: seeded.acme })).toEqual({
    ok: false,
    error: { code: 'UNAVAILABLE', message: expect.stringContaining(`copy the path and open it yourself: ${seeded.acme}`) },
  })
  expect(await call('projects.reveal', { directory: '/etc' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
})

test('allows the changed project file it showed, and rebinds a shared project to its own profile', async ({ page }) => {
  await openProject(page, seeded.webshop)
  await expect(page.getByTestId('project-file-state')).toHaveAttribute('data-state', 'changed')
  await page.getByRole('button', { name: 'Allow profile acme' }).click()
  await expect(page.getByTestId('project-file-state')).toHaveAttribute('data-state', 'allowed')
  expect((await cliProjects()).projects.find((p) => p.directory === seeded.webshop)!.projectFile!.state).toBe('allowed')

  await openProject(page, seeded.sharedB)
  await page.getByLabel('Rebind to').selectOption('webshop')
  await page.getByRole('button', { name: 'Rebind' }).click()
  await expect(page.getByTestId('project-profile')).toContainText('Gets profile webshop')
  // Says what the rebinding replaced, as the CLI does ("(was tools)").
  await expect(page.getByRole('status').filter({ hasText: 'now bound' })).toHaveText(`${seeded.sharedB} is now bound to webshop, replacing tools.`)
  const after = await cliProjects()
  expect(after.projects.find((p) => p.directory === seeded.sharedA)!.spend.shared).toBeNull()
  expect(after.projects.find((p) => p.directory === seeded.sharedB)!.profile).toBe('webshop')
})

for (const colorScheme of ['light', 'dark'] as const) {
  test(`the populated list and a project's page have no serious or critical axe violations (${colorScheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme })
    const scan = async (where: string) => {
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze()
      return results.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map(
          (v) =>
            `${where}: ${v.id}: ${v.help} ${v.nodes
              .map((n) => `${n.target.join(' ')} ${n.failureSummary ?? ''}`)
              .slice(0, 3)
              .join('; ')}`,
        )
    }
    await page.goto(daemon.url)
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Projects', exact: true }).click()
    await expect(page.getByTestId('project-row')).toHaveCount(4)
    await settle(page)
    const found = await scan('list')
    await openProject(page, seeded.acme)
    expect([...found, ...(await scan('project'))]).toEqual([])
  })
}

for (const width of [1100, 800]) {
  test(`no horizontal scroll at ${width} px, on the list and on a project`, async ({ page }) => {
    await page.setViewportSize({ width, height: 800 })
    const noSideways = async () => {
      const [doc, main] = await page.locator('html, main').evaluateAll((els) => els.map((e) => [e.scrollWidth, e.clientWidth] as const))
      const sizes = { doc: doc!, main: main! }
      expect(sizes.doc[0]).toBeLessThanOrEqual(sizes.doc[1]!)
      expect(sizes.main[0]).toBeLessThanOrEqual(sizes.main[1]!)
    }
    await page.goto(daemon.url)
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Projects', exact: true }).click()
    await expect(page.getByTestId('project-row')).toHaveCount(4)
    await settle(page)
    await noSideways()
    await openProject(page, seeded.acme)
    await noSideways()
  })
}
