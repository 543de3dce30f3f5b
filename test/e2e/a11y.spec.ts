import AxeBuilder from '@axe-core/playwright'
import { expect, test } from '@playwright/test'
import { type RunningDaemon, startDaemon } from '../support/daemon'
import { listScreens, openScreen } from '../support/screens'

/**
 * An axe-core scan of every screen (from the navigation, so new screens are included), in light
 * and dark, with empty data and with the demo org: no serious or critical violations.
 */
let fresh: RunningDaemon
let demo: RunningDaemon
// Each test scans every screen twice over (axe per screen): on a loaded 2-core machine ten screens took ~60 s.
test.slow()

test.beforeAll(async () => {
  ;[fresh, demo] = await Promise.all([startDaemon(), startDaemon(['--demo'])])
})
test.afterAll(async () => {
  await Promise.all([fresh?.stop(), demo?.stop()])
})

for (const which of ['fresh', 'demo'] as const) {
  for (const colorScheme of ['light', 'dark'] as const) {
    test(`no serious or critical axe violations on any screen (${which}, ${colorScheme})`, async ({ page }) => {
      // One axe scan per screen: with a dozen screens on a shared 2-core machine this outlasts the default 60 s.
      test.setTimeout(240_000)
      await page.emulateMedia({ colorScheme })
      await page.goto(which === 'fresh' ? fresh.url : demo.url)
      const found: string[] = []
      for (const screen of await listScreens(page)) {
        await openScreen(page, screen)
        const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze()
        for (const v of results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')) {
          found.push(
            `${screen.id}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes
              .map((n) => n.target.join(' '))
              .slice(0, 3)
              .join(', ')}`,
          )
        }
      }
      expect(found).toEqual([])
    })
  }
}
