import { cleanup, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ChannelView, DeliveryView, ProcedureName } from '../../../shared/contract'
import type { Result } from '../../../shared/result'
import { expectEveryCellUnderAHeader } from '../test-support/table-shape'

/** A fake core: one healthy Slack channel, one e-mail channel with a failed alert, and the calls the screen made. */
const fake = vi.hoisted(() => ({ calls: [] as { name: string; input: Record<string, unknown> }[] }))

const CHANNELS: ChannelView[] = [
  { name: 'ops', kind: 'webhook', target: 'https://hooks.slack.com/…', format: 'slack', health: { pending: 0, failed: 0, lastDeliveredAt: '2026-04-20T15:00:00Z', lastError: null } },
  {
    name: 'mail',
    kind: 'email',
    target: 'cfo@acme.dev via smtps://mail.acme.dev:465',
    format: null,
    health: { pending: 0, failed: 1, lastDeliveredAt: null, lastError: 'the SMTP server answered 550' },
  },
]
const DELIVERIES: DeliveryView[] = [
  {
    alertId: `alrt_${'a'.repeat(24)}`,
    channel: 'mail',
    title: 'Budget exceeded: org Acme',
    state: 'failed',
    attempts: 1,
    createdAt: '2026-04-20T15:00:00Z',
    nextAttemptAt: null,
    lastError: 'the SMTP server answered 550',
  },
]

vi.mock('../transport/client', async () => {
  const { createClient } = await import('../../../shared/client')
  const transport = async (name: ProcedureName, raw: unknown): Promise<Result<unknown>> => {
    const input = raw as Record<string, unknown>
    fake.calls.push({ name, input })
    switch (name) {
      case 'channels.list':
        return { ok: true, value: { channels: CHANNELS, deliveries: DELIVERIES } }
      case 'channels.test':
        return { ok: true, value: { ok: false, message: 'channel ops did not take the test alert: the receiver answered HTTP 404 Not Found' } }
      case 'channels.retry':
        return { ok: true, value: { requeued: true } }
      case 'channels.addWebhook':
        return input.url === 'http://x.example/h'
          ? { ok: false, error: { code: 'INVALID_INPUT', message: 'the webhook URL uses plain http to x.example' } }
          : { ok: true, value: { ...CHANNELS[0]!, name: input.name, format: input.format } }
      default:
        return { ok: false, error: { code: 'NOT_FOUND', message: `fake has no ${name}` } }
    }
  }
  return { client: createClient(transport) }
})

const { ChannelsScreen } = await import('./ChannelsScreen')

beforeEach(() => {
  fake.calls = []
})
afterEach(cleanup)

describe('Channels screen', () => {
  it('lists channels with their health and a failed alert with its retry', async () => {
    const user = userEvent.setup()
    render(<ChannelsScreen />)
    const table = await screen.findByRole('table', { name: 'Channels' })
    const rows = within(table).getAllByRole('row')
    expect(rows[1]!.textContent).toContain('opsWebhook (Slack)https://hooks.slack.com/…Delivered')
    expect(rows[2]!.textContent).toContain('1 failed: the SMTP server answered 550')
    expect(screen.getByRole('alert').textContent).toContain('1 alert could not be delivered.')
    expect(expectEveryCellUnderAHeader(document.body)).toBe(3) // two channels, one delivery
    await user.click(screen.getByRole('button', { name: 'Retry Budget exceeded: org Acme to mail' }))
    expect(fake.calls.find((c) => c.name === 'channels.retry')?.input).toEqual({ alertId: `alrt_${'a'.repeat(24)}`, channel: 'mail' })
    await user.click(within(rows[1]!).getByRole('button', { name: 'Send test' }))
    expect((await within(rows[1]!).findByRole('status')).textContent).toContain('did not take the test alert: the receiver answered HTTP 404 Not Found')
  })

  it('adds a signed webhook with its secret, and shows a refusal beside the form', async () => {
    const user = userEvent.setup()
    render(<ChannelsScreen />)
    const form = await screen.findByRole('form', { name: 'Add a webhook' })
    await user.type(within(form).getByLabelText('Name'), 'siem')
    await user.type(within(form).getByLabelText('Webhook URL'), 'http://x.example/h')
    await user.click(within(form).getByRole('button', { name: 'Add webhook' }))
    expect((await within(form).findByRole('alert')).textContent).toContain('uses plain http to x.example')
    await user.clear(within(form).getByLabelText('Webhook URL'))
    await user.type(within(form).getByLabelText('Webhook URL'), 'https://siem.acme.dev/hook')
    await user.selectOptions(within(form).getByLabelText('Format'), 'json')
    await user.type(within(form).getByLabelText('Signing secret'), 'a-long-signing-secret')
    await user.click(within(form).getByRole('button', { name: 'Add webhook' }))
    await waitFor(() => expect(within(form).queryByRole('alert')).toBeNull())
    expect(fake.calls.filter((c) => c.name === 'channels.addWebhook').at(-1)?.input).toEqual({
      name: 'siem',
      url: 'https://siem.acme.dev/hook',
      format: 'json',
      signingSecret: 'a-long-signing-secret',
    })
  })
})
