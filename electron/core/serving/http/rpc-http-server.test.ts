import { mkdtemp, mkdir, writeFile } from 'node:fs/promises'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRouter } from '../../router'
import { stubHandlers } from '../../stub-handlers'
import { type RpcHttpServer, startRpcHttpServer } from './rpc-http-server'

interface Reply {
  status: number
  body: string
  headers: Record<string, string | string[] | undefined>
}

function send(server: RpcHttpServer, opts: { method?: string; path?: string; headers?: Record<string, string>; body?: string }): Promise<Reply> {
  const url = new URL(server.origin)
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: Number(url.port), method: opts.method ?? 'POST', path: opts.path ?? '/rpc', headers: opts.headers, setHost: !opts.headers?.host }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }))
    })
    req.on('error', reject)
    req.end(opts.body)
  })
}

const router = createRouter(
  stubHandlers({
    'app.info': () => ({ name: 'Keyward', version: '9.9.9', host: 'daemon', platform: 'linux', dataDir: '/d' }),
    'profiles.list': () => [],
    'tray.summary': () => ({
      today: { amount: '0', currency: 'USD' },
      monthToDate: { amount: '0', currency: 'USD' },
      budgetState: 'none',
      defaultProfile: null,
      profiles: [],
      recentProjects: [],
      lastSyncedAt: null,
      dataRefreshedAt: null,
    }),
  }),
)

describe('HTTP transport', () => {
  let server: RpcHttpServer
  let good: Record<string, string>

  beforeAll(async () => {
    const staticDir = await mkdtemp(join(tmpdir(), 'kw-static-'))
    await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>ok</title>')
    await mkdir(join(staticDir, 'assets'))
    await writeFile(join(staticDir, 'assets', 'app.js'), 'console.log(1)')
    server = await startRpcHttpServer({ router, staticDir, token: 'the-token' })
    good = { 'content-type': 'application/json', 'x-keyward-token': 'the-token', origin: server.origin }
  })
  afterAll(() => server.close())

  it('binds 127.0.0.1 and prints a URL with the token in the fragment', () => {
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(server.url).toBe(`${server.origin}/#token=the-token`)
  })

  it('serves a call through the router', async () => {
    const reply = await send(server, { headers: good, body: JSON.stringify({ name: 'app.info', input: {} }) })
    expect(reply.status).toBe(200)
    expect(JSON.parse(reply.body)).toMatchObject({ ok: true, value: { version: '9.9.9' } })
  })

  it.each([
    ['a wrong token', { 'x-keyward-token': 'nope' }],
    ['no token', { 'x-keyward-token': '' }],
    ['a foreign Origin', { origin: 'http://evil.example' }],
    ['a lookalike Origin', { origin: 'http://localhost' }],
    ['a foreign Host (DNS rebinding)', { host: 'evil.example' }],
    ['localhost as Host', { host: 'localhost' }],
  ])('refuses %s with 403', async (_label, override: Record<string, string>) => {
    const headers: Record<string, string> = { ...good, ...override }
    if (override.host) headers.host = `${override.host}:${new URL(server.origin).port}`
    const reply = await send(server, { headers, body: JSON.stringify({ name: 'app.info', input: {} }) })
    expect(reply.status).toBe(403)
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'NOT_ALLOWED' } })
    expect(reply.body).not.toContain('the-token')
  })

  it('refuses a foreign Host for the static files too', async () => {
    const reply = await send(server, { method: 'GET', path: '/', headers: { host: `evil.example:${new URL(server.origin).port}` } })
    expect(reply.status).toBe(403)
  })

  it('answers malformed and oversized bodies with a specific error', async () => {
    expect((await send(server, { headers: good, body: '{"name":' })).status).toBe(400)
    expect((await send(server, { headers: good, body: '[1]' })).status).toBe(400)
    expect((await send(server, { headers: { ...good, 'content-type': 'text/plain' }, body: '{}' })).status).toBe(415)
    expect((await send(server, { method: 'GET', headers: good })).status).toBe(405)
    const huge = await send(server, { headers: good, body: `{"name":"app.info","input":{"x":"${'a'.repeat(1_100_000)}"}}` })
    expect(huge.status).toBe(413)
  })

  it('serves the renderer with a strict CSP, and nothing outside its folder', async () => {
    const index = await send(server, { method: 'GET', path: '/' })
    expect(index.status).toBe(200)
    expect(index.headers['content-security-policy']).toContain("script-src 'self'")
    expect((await send(server, { method: 'GET', path: '/assets/app.js' })).status).toBe(200)
    for (const path of ['/../package.json', '/..%2f..%2fetc%2fpasswd', '/%00', '/missing.js']) {
      expect((await send(server, { method: 'GET', path })).status).toBe(404)
    }
  })
})
