import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { type IncomingMessage, type Server, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { isKeywardError } from '../../../shared/errors'
import { verifySignature } from '../../core/alerts/channels/webhook/signature'
import { type MemoryKeychain, createMemoryKeychain } from '../../core/vault/memory-keychain'
import type { CliIO } from '../io'
import { createCliContext } from '../cli-context'
import { parseBudgetsArgs } from './budgets'
import { parseChannelsArgs, runChannels } from './channels'
import { checkChannels } from './doctor'

let home: string
let keychain: MemoryKeychain
let server: Server
let base = ''
const got: { headers: IncomingMessage['headers']; body: string }[] = []
let status = 200

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      got.push({ headers: req.headers, body })
      res.writeHead(status).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => server.close())
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'kw-channels-'))
  keychain = createMemoryKeychain()
  status = 200
})
afterEach(() => rmSync(home, { recursive: true, force: true }))

async function cli(args: string[], input?: string) {
  const out: string[] = []
  const err: string[] = []
  const stdin = new PassThrough()
  if (input !== undefined) stdin.end(input)
  const io: CliIO = { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) }, stdin, env: { KEYWARD_HOME: home, HOME: home }, cwd: home }
  const cli = createCliContext(io, { keychain })
  try {
    const code = await runChannels(parseChannelsArgs(args), io, await cli.channels())
    return { code, out: out.join(''), err: err.join('') }
  } catch (error) {
    return { code: -1, out: out.join(''), err: isKeywardError(error) ? `${error.code}: ${error.message}` : String(error) }
  } finally {
    await cli.close()
  }
}

describe('keyward channels', () => {
  it('parses add, list, remove, test and retry, and refuses mixed or missing flags', () => {
    expect(parseChannelsArgs(['add', 'ops', '--webhook', 'https://x.example/h'])).toMatchObject({ action: 'add-webhook', name: 'ops', format: 'slack' })
    expect(parseChannelsArgs(['add', 'm', '--smtp', 'smtps://h', '--to', 'a@x.io', '--to', 'b@x.io,c@x.io'])).toMatchObject({ action: 'add-email', to: ['a@x.io', 'b@x.io', 'c@x.io'] })
    expect(parseChannelsArgs(['retry', 'alrt_1', 'ops'])).toMatchObject({ action: 'retry', alertId: 'alrt_1', name: 'ops' })
    expect(() => parseChannelsArgs(['add', 'ops'])).toThrow(/exactly one of --webhook URL or --smtp URL/)
    expect(() => parseChannelsArgs(['add', 'ops', '--webhook', 'u', '--smtp', 'v'])).toThrow(/exactly one/)
    expect(() => parseChannelsArgs(['add', 'ops', '--webhook', 'u', '--format', 'xml'])).toThrow(/--format must be slack/)
    expect(() => parseChannelsArgs(['add', 'm', '--smtp', 'smtps://h'])).toThrow(/--to ops@example.com/)
    expect(() => parseChannelsArgs(['add', 'm', '--smtp', 'smtps://h', '--to', 'a@x.io', '--format', 'json'])).toThrow(/for --webhook channels/)
    expect(() => parseChannelsArgs(['frob'])).toThrow(/unknown channels action/)
    expect(parseBudgetsArgs(['set', '--org', 'o', '--limit', '5', '--channels', 'ops, mail,'], '/')).toMatchObject({ channels: ['ops', 'mail'] })
    expect(parseBudgetsArgs(['set', '--org', 'o', '--limit', '5'], '/')).toMatchObject({ channels: [] })
  })

  it('adds a signed json webhook with a generated secret shown once, tests it against a real receiver, and lists it', async () => {
    const added = await cli(['add', 'siem', '--webhook', `${base}/hook`, '--format', 'json', '--json'])
    expect(added.code).toBe(0)
    const { signingSecret } = JSON.parse(added.out) as { signingSecret: string }
    expect(signingSecret).toMatch(/^[0-9a-f]{64}$/)
    expect(readFileSync(join(home, 'channels.json'), 'utf8')).not.toContain(signingSecret)
    const test = await cli(['test', 'siem'])
    expect(test).toMatchObject({ code: 0, out: 'channel siem took the test alert\n' })
    const last = got.at(-1)!
    expect(verifySignature(signingSecret, Number(last.headers['x-keyward-timestamp']), last.body, String(last.headers['x-keyward-signature']))).toBe(true)
    expect(JSON.parse(last.body)).toMatchObject({ kind: 'test', title: 'Keyward test alert', id: last.headers['x-keyward-alert-id'] })
    expect((await cli(['list'])).out).toMatch(/^siem {2}webhook \(json\) {2}http:\/\/127.0.0.1:\d+\/… {2}nothing sent yet$/m)
    status = 500
    expect(await cli(['test', 'siem'])).toMatchObject({ code: 1, err: expect.stringMatching(/did not take the test alert: the receiver answered HTTP 500.*a passing problem/) })
  })

  it('reads a Slack URL and a signing secret from stdin rather than argv', async () => {
    const r = await cli(['add', 'ops', '--webhook', '-', '--format', 'json', '--secret-stdin'], `${base}/services/T/B/TOKEN\nmy-own-signing-secret-123\n`)
    expect(r.code).toBe(0)
    expect(r.out).not.toContain('Signing secret')
    expect(JSON.parse(keychain.entries.get('channel:ops')!)).toEqual({ url: `${base}/services/T/B/TOKEN`, signingSecret: 'my-own-signing-secret-123' })
    expect(readFileSync(join(home, 'channels.json'), 'utf8')).not.toContain('TOKEN')
  })

  it('moves a password from --password-stdin to the keychain, refuses duplicates, and removes', async () => {
    expect((await cli(['add', 'mail', '--smtp', 'smtps://alerts@mail.acme.dev', '--to', 'ops@acme.dev', '--password-stdin'], 'pw-from-stdin\n')).code).toBe(0)
    expect(JSON.parse(keychain.entries.get('channel:mail')!)).toEqual({ password: 'pw-from-stdin' })
    expect((await cli(['add', 'mail', '--smtp', 'smtps://mail.acme.dev', '--to', 'x@acme.dev'])).err).toMatch(/ALREADY_EXISTS: a channel named mail already exists/)
    expect((await cli(['add', 'm2', '--smtp', 'smtp://mail.acme.dev', '--to', 'x@acme.dev'])).err).toMatch(/INVALID_INPUT: smtp:\/\/mail.acme.dev would send alerts and the SMTP password without TLS/)
    expect((await cli(['remove', 'mail'])).code).toBe(0)
    expect(keychain.entries.size).toBe(0)
    expect((await cli(['remove', 'mail'])).code).toBe(3)
  })

  it('doctor: ok without trouble, fail naming the fix for a failed alert, warn for one being retried', async () => {
    expect(await checkChannels({ list: async () => ({ channels: [], deliveries: [] }) })).toMatchObject([{ status: 'ok', message: expect.stringMatching(/no alert channels/) }])
    const channel = { name: 'ops', kind: 'webhook' as const, target: 'https://hooks.slack.com/…', format: 'slack' as const }
    const failed = await checkChannels({
      list: async () => ({
        channels: [{ ...channel, health: { pending: 0, failed: 1, lastDeliveredAt: null, lastError: 'the receiver answered HTTP 404' } }],
        deliveries: [{ alertId: 'alrt_x', channel: 'ops', title: 't', state: 'failed', attempts: 1, createdAt: '', nextAttemptAt: null, lastError: 'the receiver answered HTTP 404' }],
      }),
    })
    expect(failed).toEqual([
      {
        name: 'channel ops',
        status: 'fail',
        message: '1 alert could not be delivered to https://hooks.slack.com/… (last: the receiver answered HTTP 404)',
        fix: 'fix the channel (keyward channels test ops), then: keyward channels retry alrt_x ops',
      },
    ])
    const retrying = await checkChannels({
      list: async () => ({ channels: [{ ...channel, health: { pending: 2, failed: 0, lastDeliveredAt: null, lastError: 'the receiver could not connect (ECONNREFUSED)' } }], deliveries: [] }),
    })
    expect(retrying[0]).toMatchObject({ status: 'warn', message: '2 alerts waiting for https://hooks.slack.com/…, being retried (last: the receiver could not connect (ECONNREFUSED))' })
  })
})
