import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import type { AuditEvent } from '../../platform/audit/audit-log'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { isKeywardError } from '../../../../shared/errors'
import { createMemoryKeychain } from '../../vault/memory-keychain'
import { channelSecretStore } from './channel-secrets'
import { createChannelService } from './channel-service'
import { createChannelStore } from './channel-store'
import { createMemoryChannel } from './memory-channel'
import { createOutbox } from '../outbox/outbox'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function world(usedBy: string[] = []) {
  const dir = mkdtempSync(join(tmpdir(), 'keyward-channels-'))
  dirs.push(dir)
  const keychain = createMemoryKeychain()
  const audited: AuditEvent[] = []
  const memory = createMemoryChannel('any', [{ kind: 'permanent', reason: 'the receiver answered HTTP 410 Gone' }])
  const outbox = createOutbox({ dir: join(dir, 'outbox'), open: async () => memory, log: () => {} })
  const service = createChannelService({
    store: createChannelStore(dir),
    secrets: channelSecretStore(keychain),
    outbox,
    usedBy: async () => usedBy,
    build: () => memory,
    audit: { append: async (e) => void audited.push(e) },
  })
  const file = () => readFileSync(join(dir, 'channels.json'), 'utf8')
  return { dir, keychain, service, outbox, memory, file, audited }
}

async function codeOf(work: Promise<unknown>): Promise<string> {
  try {
    await work
    return 'OK'
  } catch (error) {
    return isKeywardError(error) ? `${error.code}: ${error.message}` : String(error)
  }
}

const SLACK = 'https://hooks.slack.com/services/T000/B000/XXXXSECRETXXXX'

describe('channel service', () => {
  it('keeps a webhook URL and its signing secret in the keychain, and only scheme and host in channels.json', async () => {
    const w = world()
    const view = await w.service.addWebhook({ name: 'ops', url: SLACK, format: 'slack' })
    expect(view).toMatchObject({ name: 'ops', kind: 'webhook', target: 'https://hooks.slack.com/…', format: 'slack' })
    await w.service.addWebhook({ name: 'siem', url: 'http://127.0.0.1:9/hook', format: 'json', signingSecret: 's'.repeat(32) })
    expect(w.file()).not.toMatch(/XXXXSECRET|sss/)
    expect(JSON.parse(w.keychain.entries.get('channel:ops')!)).toEqual({ url: SLACK })
    expect(JSON.parse(w.keychain.entries.get('channel:siem')!)).toEqual({ url: 'http://127.0.0.1:9/hook', signingSecret: 's'.repeat(32) })
    expect((await w.service.list()).channels.map((c) => c.name)).toEqual(['ops', 'siem'])
  })

  it('refuses bad webhooks with what to do, and saves nothing', async () => {
    const w = world()
    expect(await codeOf(w.service.addWebhook({ name: 'ops', url: 'http://hooks.example.com/x', format: 'slack' }))).toMatch(
      /INVALID_INPUT: the webhook URL uses plain http to hooks.example.com.*use its https:\/\/ URL/,
    )
    expect(await codeOf(w.service.addWebhook({ name: 'ops', url: 'ftp://x/y', format: 'slack' }))).toMatch(/must start with https/)
    expect(await codeOf(w.service.addWebhook({ name: 'ops', url: 'https://u:p@x.example/y', format: 'slack' }))).toMatch(/user name or password/)
    expect(await codeOf(w.service.addWebhook({ name: 'ops', url: 'https://x.example/y', format: 'json' }))).toMatch(/signing secret of at least 16/)
    expect(await codeOf(w.service.addWebhook({ name: 'Ops!', url: SLACK, format: 'slack' }))).toMatch(/INVALID_INPUT: channel name "Ops!"/)
    expect(w.keychain.entries.size).toBe(0)
    expect((await w.service.list()).channels).toEqual([])
  })

  it('refuses a duplicate name and keeps the first channel and its secret', async () => {
    const w = world()
    await w.service.addWebhook({ name: 'ops', url: SLACK, format: 'slack' })
    expect(await codeOf(w.service.addWebhook({ name: 'ops', url: 'https://other.example/h', format: 'slack' }))).toMatch(/ALREADY_EXISTS: a channel named ops already exists/)
    expect(JSON.parse(w.keychain.entries.get('channel:ops')!)).toEqual({ url: SLACK })
  })

  it('moves an SMTP password from the URL to the keychain and refuses plaintext SMTP to another host unless allowed', async () => {
    const w = world()
    const view = await w.service.addEmail({ name: 'mail', smtpUrl: 'smtps://alerts%40acme.dev:hunter2-pass@mail.acme.dev', to: ['ops@acme.dev', 'ops@acme.dev'], allowPlaintext: false })
    expect(view.target).toBe('ops@acme.dev via smtps://mail.acme.dev:465')
    expect(w.file()).not.toContain('hunter2')
    expect(JSON.parse(w.file()).channels[0]).toMatchObject({ user: 'alerts@acme.dev', from: 'alerts@acme.dev', to: ['ops@acme.dev'], security: 'tls' })
    expect(JSON.parse(w.keychain.entries.get('channel:mail')!)).toEqual({ password: 'hunter2-pass' })
    expect(await codeOf(w.service.addEmail({ name: 'm2', smtpUrl: 'smtp://mail.acme.dev', to: ['ops@acme.dev'], allowPlaintext: false }))).toMatch(
      /INVALID_INPUT: smtp:\/\/mail.acme.dev would send alerts and the SMTP password without TLS; use smtps:\/\/mail.acme.dev/,
    )
    expect(await codeOf(w.service.addEmail({ name: 'm2', smtpUrl: 'smtp://mail.acme.dev', to: ['ops@acme.dev'], allowPlaintext: true }))).toBe('OK')
    expect(await codeOf(w.service.addEmail({ name: 'm3', smtpUrl: 'smtp://127.0.0.1:2525', to: ['ops@acme.dev'], allowPlaintext: false }))).toBe('OK')
    expect(await codeOf(w.service.addEmail({ name: 'm4', smtpUrl: 'smtps://mail.acme.dev', to: ['ops@acme.dev\r\nBcc: x@evil.example'], allowPlaintext: false }))).toMatch(
      /recipient .* is not an e-mail address/,
    )
    expect(await codeOf(w.service.addEmail({ name: 'm4', smtpUrl: 'smtps://mail.acme.dev', to: ['ops@acme.dev'], password: 'p', allowPlaintext: false }))).toMatch(/needs a user/)
    expect(await codeOf(w.service.addEmail({ name: 'm4', smtpUrl: 'smtps://u:p@mail.acme.dev', to: ['ops@acme.dev'], password: 'p', allowPlaintext: false }))).toMatch(/given twice/)
    expect((await w.service.names()).sort()).toEqual(['m2', 'm3', 'mail'])
  })

  it('saves nothing when the keychain is locked', async () => {
    const w = world()
    w.keychain.failing = true
    expect(await codeOf(w.service.addWebhook({ name: 'ops', url: SLACK, format: 'slack' }))).toMatch(/KEYCHAIN_UNAVAILABLE/)
    w.keychain.failing = false
    expect((await w.service.list()).channels).toEqual([])
  })

  it('names unknown channels, refuses to remove one still in use, and removes its secret with it', async () => {
    const w = world(['budget bud_1'])
    await w.service.addWebhook({ name: 'ops', url: SLACK, format: 'slack' })
    expect(await codeOf(w.service.requireKnown(['ops', 'pager'], 'the budget'))).toMatch(
      /INVALID_INPUT: the budget names a channel that does not exist: pager; the channels are ops. Nothing was saved./,
    )
    expect(await codeOf(w.service.remove('ops'))).toMatch(/CONFLICT: channel ops is still named by budget bud_1/)
    const free = world()
    await free.service.addWebhook({ name: 'ops', url: SLACK, format: 'slack' })
    expect(await free.service.remove('ops')).toBe(true)
    expect(free.keychain.entries.size).toBe(0)
    expect(await free.service.remove('ops')).toBe(false)
  })

  it('audits a channel added, tested and removed, by name and where it delivers, never with its secret URL', async () => {
    const w = world()
    await w.service.addWebhook({ name: 'ops', url: SLACK, format: 'slack' })
    await w.service.test('ops')
    await w.service.remove('ops')
    expect(w.audited).toEqual([
      { event: 'channel.created', detail: 'webhook channel ops (slack) to https://hooks.slack.com/…', target: { kind: 'channel', id: 'ops', name: 'ops' } },
      { event: 'channel.tested', detail: 'not delivered: the receiver answered HTTP 410 Gone', target: { kind: 'channel', id: 'ops', name: 'ops' } },
      { event: 'channel.deleted', detail: 'webhook channel ops (slack) to https://hooks.slack.com/…', target: { kind: 'channel', id: 'ops', name: 'ops' } },
    ])
    expect(JSON.stringify(w.audited)).not.toContain('XXXXSECRET')
  })

  it('tests a channel directly and shows its failures as its health', async () => {
    const w = world()
    await w.service.addWebhook({ name: 'ops', url: SLACK, format: 'slack' })
    expect(await w.service.test('ops')).toEqual({ ok: false, message: 'channel ops did not take the test alert: the receiver answered HTTP 410 Gone' })
    expect(await codeOf(w.service.test('nope'))).toMatch(/NOT_FOUND/)
    w.memory.script.push({ kind: 'permanent', reason: 'the receiver answered HTTP 404' })
    await w.outbox.enqueue({ id: `alrt_${'1'.repeat(24)}`, kind: 'x', title: 'T', body: 'B', createdAt: '2026-01-01T00:00:00.000Z', details: {} }, ['ops'])
    await w.outbox.runDue()
    const { channels, deliveries } = await w.service.list()
    expect(channels[0]!.health).toMatchObject({ pending: 0, failed: 1, lastError: 'the receiver answered HTTP 404', lastDeliveredAt: null })
    expect(deliveries[0]).toMatchObject({ channel: 'ops', state: 'failed', attempts: 1, title: 'T' })
  })
})
