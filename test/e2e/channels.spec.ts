import { execFile } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import AxeBuilder from '@axe-core/playwright'
import { type Page, expect, test } from '@playwright/test'
import { newAlertId } from '../../electron/core/alerts/channels/alert-from-notice'
import { createOutbox } from '../../electron/core/alerts/outbox/outbox'
import { KEYWARD_BIN, type RunningDaemon, startDaemon } from '../support/daemon'
import { type WebhookReceiver, startWebhookReceiver } from '../support/receivers'
import { settle } from '../support/screens'

/**
 * The Channels screen in Chromium against `keyward daemon --ui`, with a real local webhook receiver:
 * add a signed JSON webhook from the form and send a test the receiver verifies; bad input refused
 * in place with nothing added; a failed delivery shown with its retry; no secret ever in the page
 * or in what the contract returns; axe clean; no sideways scroll at 1100 and 800 px.
 */
const run = promisify(execFile)
const SECRET = 'e2e-signing-secret-0123456789abcdef'
let daemon: RunningDaemon
let receiver: WebhookReceiver

async function openChannels(page: Page): Promise<void> {
  await page.goto(daemon.url)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Channels', exact: true }).click()
  await expect(page.getByRole('heading', { name: 'Alert channels', exact: true })).toBeVisible()
  await settle(page)
}

test.beforeAll(async () => {
  receiver = await startWebhookReceiver(SECRET)
  const home = await mkdtemp(join(tmpdir(), 'keyward-e2e-channels-'))
  daemon = await startDaemon([], { KEYWARD_HOME: home, KEYWARD_SYNC_INTERVAL_MINUTES: '60', KEYWARD_OUTBOX_RETRY_MS: '200' })
  // An unsigned (Slack-format) channel to the HMAC-checking receiver, which refuses it with 401, and an
  // alert already queued for it: the daemon fails it for good.
  await run(KEYWARD_BIN, ['channels', 'add', 'broken', '--webhook', receiver.url], { env: { ...process.env, KEYWARD_HOME: home } })
  await createOutbox({ dir: join(home, 'outbox'), open: async () => null, log: () => {} }).enqueue(
    { id: newAlertId(), kind: 'budget-threshold', title: 'Budget exceeded: org Acme', body: 'Today: 12.00 of 10.00 USD.', createdAt: new Date().toISOString(), details: {} },
    ['broken'],
  )
})
test.afterAll(async () => {
  await run(KEYWARD_BIN, ['channels', 'remove', 'broken'], { env: { ...process.env, KEYWARD_HOME: daemon.home } }).catch(() => {})
  await run(KEYWARD_BIN, ['channels', 'remove', 'siem'], { env: { ...process.env, KEYWARD_HOME: daemon.home } }).catch(() => {})
  await daemon?.stop()
  await receiver?.close()
})

test('adds a signed JSON webhook from the form and its test reaches the receiver, signed; secrets never come back', async ({ page, request }) => {
  await openChannels(page)
  // The unsigned "broken" channel's queued alert may still be refused meanwhile; no signed request may be.
  const refusedBefore = receiver.wrongSignatures
  const form = page.getByRole('form', { name: 'Add a webhook' })
  await form.getByLabel('Name').fill('siem')
  await form.getByLabel('Webhook URL').fill(receiver.url)
  // The URL is masked as it holds a token, and can be shown to check it before saving.
  await expect(form.getByLabel('Webhook URL')).toHaveAttribute('type', 'password')
  await form.getByRole('button', { name: 'Show URL' }).click()
  await expect(form.getByLabel('Webhook URL')).toHaveAttribute('type', 'url')
  await expect(form.getByLabel('Webhook URL')).toHaveValue(receiver.url)
  await form.getByRole('button', { name: 'Hide URL' }).click()
  await expect(form.getByLabel('Webhook URL')).toHaveAttribute('type', 'password')
  await form.getByLabel('Format').selectOption('json')
  await form.getByLabel('Signing secret').fill(SECRET)
  await form.getByRole('button', { name: 'Add webhook' }).click()
  const row = page.getByTestId('channel-row').filter({ hasText: 'siem' })
  await expect(row).toContainText('Webhook (signed JSON)')
  await expect(row).toContainText(/http:\/\/127\.0\.0\.1:\d+\/…/)
  await row.getByRole('button', { name: 'Send test' }).click()
  await expect(row.getByRole('status')).toHaveText('Test alert delivered.')
  // The channel's status follows: a delivered test is not "Nothing sent yet".
  await expect(row.getByTestId('channel-status')).not.toContainText('Nothing sent yet')
  expect(receiver.accepted.at(-1)!.body).toMatchObject({ kind: 'test', title: 'Keyward test alert' })
  expect(receiver.wrongSignatures).toBe(refusedBefore)
  const listed = await request
    .post(`${daemon.origin}/rpc`, { headers: { 'content-type': 'application/json', 'x-keyward-token': daemon.token }, data: { name: 'channels.list', input: {} } })
    .then((r) => r.text())
  expect(listed).not.toContain(SECRET)
  expect(listed).not.toContain('/hook')
  expect(await page.content()).not.toContain(SECRET)
})

test('refuses a plain-http webhook to another host and plaintext SMTP to another host, in place, adding nothing', async ({ page }) => {
  await openChannels(page)
  const before = await page.getByTestId('channel-row').count()
  const webhook = page.getByRole('form', { name: 'Add a webhook' })
  await webhook.getByLabel('Name').fill('ops')
  await webhook.getByLabel('Webhook URL').fill('http://hooks.example.com/services/T/B/X')
  await webhook.getByRole('button', { name: 'Add webhook' }).click()
  await expect(webhook.getByRole('alert')).toContainText('uses plain http to hooks.example.com')
  const email = page.getByRole('form', { name: 'Add an e-mail channel' })
  await email.getByLabel('Name').fill('mail')
  await email.getByLabel('SMTP server').fill('smtp://mail.example.com')
  await email.getByLabel('Recipients').fill('ops@example.com')
  await email.getByRole('button', { name: 'Add e-mail channel' }).click()
  await expect(email.getByRole('alert')).toContainText('would send alerts and the SMTP password without TLS; use smtps://mail.example.com')
  await expect(email.getByRole('alert')).not.toContainText('--')
  await page.getByRole('button', { name: 'Refresh' }).click()
  await settle(page)
  await expect(page.getByTestId('channel-row')).toHaveCount(before)
})

test('shows a failed delivery with its reason and a retry', async ({ page }) => {
  await openChannels(page)
  await expect
    .poll(
      async () => {
        await page.getByRole('button', { name: 'Refresh' }).click()
        return page.getByTestId('channels-failed').count()
      },
      { timeout: 15_000 },
    )
    .toBe(1)
  await expect(page.getByTestId('channel-row').filter({ hasText: 'broken' }).getByTestId('channel-status')).toContainText('1 failed: the receiver answered HTTP 401 Unauthorized')
  await expect(page.getByRole('button', { name: 'Retry Budget exceeded: org Acme to broken' })).toBeVisible()
})

for (const colorScheme of ['light', 'dark'] as const) {
  test(`the Channels screen has no serious or critical axe violations (${colorScheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme })
    await openChannels(page)
    await expect(page.getByTestId('channel-row').first()).toBeVisible()
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze()
    const found = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${v.id}: ${v.help} ${v.nodes
            .map((n) => `${n.target.join(' ')} ${n.failureSummary ?? ''}`)
            .slice(0, 3)
            .join('; ')}`,
      )
    expect(found).toEqual([])
  })
}

for (const width of [1100, 800]) {
  test(`no horizontal scroll on the Channels screen at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 800 })
    await openChannels(page)
    await page.getByRole('form', { name: 'Add a webhook' }).getByLabel('Format').selectOption('json')
    const [doc, main] = await page.locator('html, main').evaluateAll((els) => els.map((e) => [e.scrollWidth, e.clientWidth] as const))
    expect(doc![0]).toBeLessThanOrEqual(doc![1])
    expect(main![0]).toBeLessThanOrEqual(main![1])
  })
}
