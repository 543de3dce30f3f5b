import { expect, test } from '@playwright/test'
import { expectAxeClean } from '../support/axe'
import { type RunningDaemon, startDaemon } from '../support/daemon'

let daemon: RunningDaemon

test.beforeAll(async () => {
  daemon = await startDaemon()
})
test.afterAll(async () => {
  await daemon?.stop()
})

test('the renderer served by the daemon shows values that came from the core through /rpc', async ({ page }) => {
  const calls: string[] = []
  page.on('request', (req) => {
    if (req.url().endsWith('/rpc')) calls.push(JSON.parse(req.postData() ?? '{}').name)
  })
  await page.goto(daemon.url)
  await expect(page.getByTestId('status')).toContainText('Keyward 0.1.0 · daemon · linux')
  await expect(page.getByTestId('profiles-empty')).toBeVisible()
  await expect(page).not.toHaveURL(/token=/)
  await page.getByRole('button', { name: 'Refresh' }).click()
  await expect.poll(() => calls.filter((n) => n === 'profiles.list').length).toBeGreaterThanOrEqual(2)
  expect(calls).toContain('app.info')
})

test('a reload keeps working without the token in the URL', async ({ page }) => {
  await page.goto(daemon.url)
  await expect(page.getByTestId('status')).toContainText('daemon')
  await page.reload()
  await expect(page.getByTestId('status')).toContainText('daemon')
})

test('the page without its token says what to do', async ({ page }) => {
  await page.goto(daemon.origin)
  await expect(page.getByTestId('token-page')).toContainText('#token=')
})

test('/rpc answers 403 to a wrong token, a foreign Origin and a foreign Host', async ({ request }) => {
  const body = { name: 'app.info', input: {} }
  const good = { 'content-type': 'application/json', 'x-keyward-token': daemon.token }
  expect((await request.post(`${daemon.origin}/rpc`, { headers: good, data: body })).status()).toBe(200)
  expect((await request.post(`${daemon.origin}/rpc`, { headers: { ...good, 'x-keyward-token': 'wrong' }, data: body })).status()).toBe(403)
  expect((await request.post(`${daemon.origin}/rpc`, { headers: { ...good, origin: 'http://evil.example' }, data: body })).status()).toBe(403)
  expect((await request.post(`${daemon.origin}/rpc`, { headers: { ...good, host: 'evil.example' }, data: body })).status()).toBe(403)
})

test('a page on another origin cannot call /rpc even with the token', async ({ page, context }) => {
  // Serve a hostile page from a second origin (the daemon's address under another name is refused by Host).
  await page.goto(daemon.url)
  const evil = await context.newPage()
  await evil.goto('about:blank')
  const status = await evil.evaluate(
    async ({ origin, token }) => {
      try {
        const r = await fetch(`${origin}/rpc`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-keyward-token': token }, body: '{"name":"app.info","input":{}}' })
        return r.status
      } catch {
        return 'blocked'
      }
    },
    { origin: daemon.origin, token: daemon.token },
  )
  expect(status === 403 || status === 'blocked').toBe(true)
})

test('opened without its token, the dashboard is one page saying how to open it: no form, no table, no alert', async ({ browser }) => {
  const context = await browser.newContext()
  const page = await context.newPage()
  await page.goto(daemon.origin)
  await expect(page.getByTestId('token-page')).toBeVisible()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Open the dashboard with its token')
  await expect(page.getByTestId('token-page')).toContainText('#token=')
  await expect(page.getByRole('alert')).toHaveCount(0)
  await expect(page.locator('form, input, table')).toHaveCount(0)
  await expectAxeClean(page)
  await context.close()
})
