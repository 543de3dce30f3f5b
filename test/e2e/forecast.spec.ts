import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import AxeBuilder from '@axe-core/playwright'
import { expect, test } from '@playwright/test'
import type { SpikeAlert, UsageProjection } from '../../shared/contract'
import { KEYWARD_BIN, type RunningDaemon, startDaemon } from '../support/daemon'

/*
 * The month-end projection and spike alerts in the browser, against `keyward daemon --demo --ui`:
 * the demo's emulator stages one runaway-script hour, the daemon's first sync finds it, and the
 * dashboard, `keyward usage --json`, `keyward alerts spike --json` and the tray all agree.
 */

const run = promisify(execFile)
const TZ = 'Europe/Berlin'
let daemon: RunningDaemon

async function cli<T>(args: string[]): Promise<T> {
  const { stdout } = await run(KEYWARD_BIN, [...args, '--json'], { env: { ...process.env, KEYWARD_HOME: daemon.home, TZ } })
  return JSON.parse(stdout) as T
}

test.use({ timezoneId: TZ, locale: 'en-US' })

test.beforeAll(async () => {
  daemon = await startDaemon(['--demo'], { TZ, KEYWARD_SYNC_INTERVAL_MINUTES: '60' })
  // The first sync, and the spike check after it, run as the daemon starts.
  await expect.poll(async () => (await cli<{ recent: SpikeAlert[] }>(['alerts', 'spike']).catch(() => null))?.recent.length ?? 0, { timeout: 45_000 }).toBe(1)
})
test.afterAll(async () => {
  await daemon?.stop()
})

async function openUsage(page: import('@playwright/test').Page): Promise<void> {
  await page.goto(daemon.url)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Usage', exact: true }).click()
  await expect(page.getByTestId('usage-projection')).toHaveAttribute('data-high', /\d/)
  await expect(page.getByTestId('usage-spikes')).toBeVisible()
}

test('the dashboard shows the same month-end range as keyward usage --json, with its method in a tooltip', async ({ page }) => {
  const { projection } = await cli<{ projection: UsageProjection }>(['usage'])
  expect(projection.total.projection).not.toBeNull()
  await openUsage(page)
  const tile = page.getByTestId('usage-projection')
  await expect(tile).toHaveAttribute('data-low', projection.total.projection!.shownLow)
  await expect(tile).toHaveAttribute('data-high', projection.total.projection!.shownHigh)
  await expect(tile).toContainText('–')
  const tooltip = page.getByRole('tooltip')
  await expect(tooltip).toBeHidden()
  await page.getByRole('button', { name: 'How the month end is projected' }).hover()
  await expect(tooltip).toBeVisible()
  await expect(tooltip).toHaveText(projection.method)
  await page.mouse.move(0, 0)
  await page.getByRole('button', { name: 'How the month end is projected' }).focus()
  await expect(tooltip).toBeVisible()
  await expect(page.getByTestId('key-projection').first()).toContainText('$')
})

test('the demo’s runaway hour shows as one spike naming the key, workspace and hour, as keyward alerts spike says', async ({ page }) => {
  const { recent } = await cli<{ recent: SpikeAlert[] }>(['alerts', 'spike'])
  const [spike] = recent
  await openUsage(page)
  const rows = page.getByTestId('usage-spikes').locator('tbody tr')
  await expect(rows).toHaveCount(1)
  await expect(rows.first()).toContainText(spike!.key!.name)
  await expect(rows.first()).toContainText(spike!.workspace!)
  const hour = new Date(spike!.hour).getUTCHours()
  await expect(rows.first()).toContainText(`${String(hour).padStart(2, '0')}:00–${String((hour + 1) % 24).padStart(2, '0')}:00 UTC`)
  await rows.first().getByRole('link', { name: spike!.key!.name }).click()
  await expect(page).toHaveURL(new RegExp(`#/usage/key/${spike!.key!.id}`))
})

test('keyward usage and keyward alerts spike print the range, the method and the spike in text', async () => {
  const env = { ...process.env, KEYWARD_HOME: daemon.home, TZ }
  const { projection } = await cli<{ projection: UsageProjection }>(['usage'])
  const usage = (await run(KEYWARD_BIN, ['usage'], { env })).stdout
  expect(usage).toMatch(new RegExp(`Month end ${projection.month}`))
  expect(usage).toContain(projection.method)
  const alerts = (await run(KEYWARD_BIN, ['alerts', 'spike'], { env })).stdout
  const { recent } = await cli<{ recent: SpikeAlert[] }>(['alerts', 'spike'])
  expect(alerts).toContain("Spike alerts on: an hour above 5× a key's median hour and at least $10.00")
  expect(alerts).toContain(`key ${recent[0]!.key!.name}`)
})

test('the tray summary carries the same month-end range', async ({ request }) => {
  const { projection } = await cli<{ projection: UsageProjection }>(['usage'])
  const response = await request.post(`${daemon.origin}/rpc`, {
    headers: { 'content-type': 'application/json', 'x-keyward-token': daemon.token },
    data: { name: 'tray.summary', input: {} },
  })
  const body = (await response.json()) as { ok: boolean; value: { monthEnd: { low: string; high: string } | null } }
  expect(body.ok).toBe(true)
  expect(body.value.monthEnd).toEqual({ low: projection.total.projection!.shownLow, high: projection.total.projection!.shownHigh, currency: 'USD' })
})

for (const colorScheme of ['light', 'dark'] as const) {
  test(`the dashboard with its projection, tooltip and spikes has no serious or critical axe violations (${colorScheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme })
    await openUsage(page)
    await page.getByRole('button', { name: 'How the month end is projected' }).focus()
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze()
    const found = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${v.id}: ${v.help} ${v.nodes
            .map((n) => n.target.join(' '))
            .slice(0, 3)
            .join('; ')}`,
      )
    expect(found).toEqual([])
  })
}

for (const width of [1100, 800]) {
  test(`no horizontal scroll at ${width} px on the dashboard, with the tooltip open`, async ({ page }) => {
    await page.setViewportSize({ width, height: 800 })
    await openUsage(page)
    const noSideways = async () => {
      const [doc, main] = await page.locator('html, main').evaluateAll((els) => els.map((e) => [e.scrollWidth, e.clientWidth] as const))
      expect(doc![0]).toBeLessThanOrEqual(doc![1]!)
      expect(main![0]).toBeLessThanOrEqual(main![1]!)
    }
    await noSideways()
    await page.getByRole('button', { name: 'How the month end is projected' }).hover()
    await expect(page.getByRole('tooltip')).toBeVisible()
    await noSideways()
  })
}
