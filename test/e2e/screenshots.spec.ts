import { mkdir } from 'node:fs/promises'
import { resolve } from 'node:path'
import { test } from '@playwright/test'
import { seedAuditLog } from '../support/audit-seed'
import { type RunningDaemon, startDaemon } from '../support/daemon'
import { listScreens, openScreen } from '../support/screens'
import { seedDemoProjects } from '../support/projects'

/**
 * Screenshots of every screen in light and dark against the demo org, written to
 * docs/screenshots/<screen>-<scheme>.png and shown in docs/guide/desktop-app.md. `npm run
 * screenshots` retakes them; commit the PNGs that changed.
 */
const OUT = resolve('docs/screenshots')
let demo: RunningDaemon

test.beforeAll(async () => {
  // Seeded projects (bindings, a changed project file, keys served) and, before their lines, an
  // older audit history (a denial, a torn line), so Projects and Audit show content.
  const { home } = await seedDemoProjects()
  await seedAuditLog(home)
  demo = await startDaemon(['--demo'], { KEYWARD_HOME: home })
  await mkdir(OUT, { recursive: true })
})
test.afterAll(async () => {
  await demo?.stop()
})

test.use({ viewport: { width: 1180, height: 760 }, deviceScaleFactor: 1, locale: 'en-US', timezoneId: 'UTC' })

for (const colorScheme of ['light', 'dark'] as const) {
  test(`screenshots of every screen (${colorScheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' })
    await page.goto(demo.url)
    for (const screen of await listScreens(page)) {
      await openScreen(page, screen)
      await page.mouse.move(0, 0)
      await page.screenshot({ path: `${OUT}/${screen.id}-${colorScheme}.png`, animations: 'disabled', caret: 'hide' })
    }
  })
}
