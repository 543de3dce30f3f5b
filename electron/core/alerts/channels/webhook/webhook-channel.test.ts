import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Alert } from '../channel'
import { verifySignature } from './signature'
import { createWebhookChannel } from './webhook-channel'

interface Seen {
  readonly path: string
  readonly headers: IncomingMessage['headers']
  readonly body: string
}

let server: Server
let base = ''
const seen: Seen[] = []
/** What the receiver answers next, by path. */
const answers: Record<string, (res: ServerResponse) => void> = {
  '/ok': (res) => res.writeHead(200).end('ok'),
  '/busy': (res) => res.writeHead(503, { 'retry-after': '7' }).end(),
  '/gone': (res) => res.writeHead(404).end('no such hook'),
  '/moved': (res) => res.writeHead(301, { location: 'http://evil.example/' }).end(),
  '/slow': () => {},
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      seen.push({ path: req.url ?? '', headers: req.headers, body })
      ;(answers[req.url ?? ''] ?? answers['/gone']!)(res)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => {
  server.closeAllConnections()
  server.close()
})

const alert: Alert = {
  id: `alrt_${'a'.repeat(24)}`,
  kind: 'budget-threshold',
  title: 'Budget exceeded: org Acme',
  body: 'This month: 120.00 of 100.00 USD.',
  createdAt: '2026-03-01T10:00:00.000Z',
  details: { budgetId: 'bud_1' },
}

describe('webhook channel (a real local HTTP receiver)', () => {
  it('posts Slack\'s {"text": …} with the alert id header', async () => {
    const result = await createWebhookChannel({ name: 'ops', url: `${base}/ok`, format: 'slack' }).deliver(alert)
    expect(result).toEqual({ kind: 'ok' })
    const got = seen.at(-1)!
    expect(JSON.parse(got.body)).toEqual({ text: '*Budget exceeded: org Acme*\nThis month: 120.00 of 100.00 USD.' })
    expect(got.headers['x-keyward-alert-id']).toBe(alert.id)
    expect(got.headers['x-keyward-signature']).toBeUndefined()
  })

  it('signs a JSON body with HMAC-SHA256 over "<timestamp>.<body>", which the receiver verifies', async () => {
    const secret = 'a-signing-secret-of-32-characters'
    await createWebhookChannel({ name: 'siem', url: `${base}/ok`, format: 'json', signingSecret: secret, now: () => 1_770_000_000 }).deliver(alert)
    const got = seen.at(-1)!
    expect(got.headers['x-keyward-timestamp']).toBe('1770000000')
    expect(verifySignature(secret, 1_770_000_000, got.body, String(got.headers['x-keyward-signature']))).toBe(true)
    expect(verifySignature('another-secret-entirely!', 1_770_000_000, got.body, String(got.headers['x-keyward-signature']))).toBe(false)
    expect(verifySignature(secret, 1_770_000_001, got.body, String(got.headers['x-keyward-signature']))).toBe(false)
    expect(JSON.parse(got.body)).toEqual({ id: alert.id, kind: 'budget-threshold', title: alert.title, text: alert.body, createdAt: alert.createdAt, details: { budgetId: 'bud_1' } })
  })

  it('calls 5xx and a dead receiver transient, 4xx and redirects permanent, and never names the URL', async () => {
    const deliver = (path: string, timeoutMs?: number) => createWebhookChannel({ name: 'ops', url: `${base}${path}`, format: 'slack', ...(timeoutMs !== undefined && { timeoutMs }) }).deliver(alert)
    expect(await deliver('/busy')).toEqual({ kind: 'transient', reason: 'the receiver answered HTTP 503 Service Unavailable', retryAfterMs: 7_000 })
    expect(await deliver('/gone')).toEqual({ kind: 'permanent', reason: 'the receiver answered HTTP 404 Not Found' })
    expect(await deliver('/moved')).toMatchObject({ kind: 'permanent', reason: expect.stringMatching(/301.*does not follow/) })
    expect(seen.filter((s) => s.path === '/moved')).toHaveLength(1)
    expect(await deliver('/slow', 300)).toEqual({ kind: 'transient', reason: 'the receiver timed out' })
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise((resolve) => closed.close(resolve))
    const dead = await createWebhookChannel({ name: 'ops', url: `http://127.0.0.1:${port}/services/T/B/TOKEN`, format: 'slack' }).deliver(alert)
    expect(dead).toEqual({ kind: 'transient', reason: 'the receiver could not connect (ECONNREFUSED)' })
  })
})
