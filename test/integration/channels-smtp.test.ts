import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { Alert } from '../../electron/core/alerts/channels/channel'
import { newAlertId } from '../../electron/core/alerts/channels/alert-from-notice'
import { createEmailChannel } from '../../electron/core/alerts/channels/email/email-channel'
import { createOutbox } from '../../electron/core/alerts/outbox/outbox'
import { type SmtpReceiver, aiosmtpdAvailable, freePort, startSmtpReceiver, waitFor } from '../support/receivers'
import { secretServiceAvailable } from '../support/keyring'
import { runProcess } from '../support/run-process'
import { skipBecause } from '../support/skip'

const keyring = await secretServiceAvailable()

/*
 * E-mail alerts against a real SMTP server (python3-aiosmtpd, which prints each message): alerts
 * queued while the server is down are retried and each arrives exactly once, its Message-ID the
 * alert id.
 */

const dir = mkdtempSync(join(tmpdir(), 'keyward-smtp-'))
let smtp: SmtpReceiver | null = null
afterAll(async () => {
  await smtp?.stop()
  rmSync(dir, { recursive: true, force: true })
})

function alert(n: number): Alert {
  return {
    id: newAlertId(),
    kind: 'budget-threshold',
    title: `Budget exceeded: org Acme ${n}`,
    body: `This month: 12${n}.00 of 100.00 USD.`,
    createdAt: new Date(Date.UTC(2026, 2, 1, 0, n)).toISOString(),
    details: { n },
  }
}

describe('e-mail channel over a real SMTP server', () => {
  it('retries while the server is down and delivers each alert exactly once when it is back', async (context) => {
    if (!aiosmtpdAvailable()) skipBecause(context, '/usr/bin/python3 with aiosmtpd is not installed (apt-get install python3-aiosmtpd)')
    const port = await freePort()
    const channel = createEmailChannel({ name: 'mail', host: '127.0.0.1', port, security: 'plaintext', user: null, from: 'keyward@localhost', to: ['ops@acme.dev', 'cfo@acme.dev'], timeoutMs: 2_000 })
    const lines: string[] = []
    const outbox = createOutbox({ dir: join(dir, 'outbox'), open: async () => channel, log: (l) => lines.push(l), policy: { baseMs: 100, capMs: 400, maxAttempts: 40 } })
    const alerts = [alert(1), alert(2), alert(3)]
    for (const a of alerts) await outbox.enqueue(a, ['mail'])
    // The outage: nothing listens on the port.
    await outbox.runDue()
    const down = await outbox.records()
    expect(down.map((r) => r.state)).toEqual(['pending', 'pending', 'pending'])
    expect(down[0]!.lastError).toMatch(/the SMTP server could not be reached \(ECONNREFUSED|ESOCKET|ECONNECTION\)/)
    expect(lines.some((l) => /channel mail: alert alrt_\w+ .* not delivered yet/.test(l))).toBe(true)
    smtp = await startSmtpReceiver(port)
    const delivered = await waitFor(
      async () => {
        await outbox.runDue()
        return (await outbox.records()).every((r) => r.state === 'delivered')
      },
      20_000,
      100,
    )
    expect(delivered).toBe(true)
    await waitFor(() => smtp!.messageIds().length >= alerts.length, 5_000)
    const ids = smtp.messageIds()
    for (const a of alerts) expect(ids.filter((id) => id === `${a.id}@keyward.alert`)).toHaveLength(1)
    expect(ids).toHaveLength(alerts.length)
    const out = smtp.output()
    expect(out).toContain(`Subject: ${alerts[0]!.title}`)
    expect(out).toMatch(new RegExp(`X-Keyward-Alert-ID: ${alerts[1]!.id}`, 'i'))
    expect(out).toContain('To: ops@acme.dev, cfo@acme.dev')
    // Another pass sends nothing more.
    expect(await outbox.runDue()).toBe(0)
  }, 60_000)

  it('keyward channels add --smtp then test: the built CLI sends through the real server; the password is kept in the keychain only', async (context) => {
    if (!aiosmtpdAvailable()) skipBecause(context, '/usr/bin/python3 with aiosmtpd is not installed (apt-get install python3-aiosmtpd)')
    if (!keyring.available) skipBecause(context, keyring.reason)
    if (!smtp) skipBecause(context, 'the first case did not start the SMTP server')
    const env = { ...process.env, KEYWARD_HOME: join(dir, 'cli') }
    const cli = (args: string[]) => runProcess(join(process.cwd(), 'bin/keyward'), args, { env }).done
    const added = await cli(['channels', 'add', 'mail', '--smtp', `smtp://alerts:relay-pass-77@127.0.0.1:${smtp!.port}`, '--to', 'ops@acme.dev', '--from', 'keyward@acme.dev'])
    try {
      expect(added.stdout + added.stderr).toContain('the password is in the OS keychain, not in channels.json')
      const { readFileSync } = await import('node:fs')
      expect(readFileSync(join(dir, 'cli', 'channels.json'), 'utf8')).not.toContain('relay-pass-77')
      const before = smtp!.messageIds().length
      const sent = await cli(['channels', 'test', 'mail'])
      expect(sent).toMatchObject({ code: 0, stdout: 'channel mail took the test alert\n' })
      expect(await waitFor(() => smtp!.messageIds().length > before, 5_000)).toBe(true)
      expect(smtp!.output()).toContain('Subject: Keyward test alert')
      expect(smtp!.output()).toContain('From: keyward@acme.dev')
      // This server offers no AUTH, so the password was never sent (nodemailer logs in only where offered).
      expect(smtp!.output()).not.toContain('relay-pass-77')
    } finally {
      await cli(['channels', 'remove', 'mail'])
    }
  }, 60_000)
})
