import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createVault } from '../../electron/core/vault/vault'
import { secretServiceAvailable } from '../support/keyring'
import { type Daemon, startDaemon } from './support/cli'
import { figureSheet } from './support/figures'
import { type World, makeWorld } from './support/world'

/*
 * Isolation: another local user can neither connect to the key socket nor read the config, the
 * audit log or the data directory, even when every directory above the data directory is
 * traversable. The HTTP transport refuses wrong tokens, foreign Origins and foreign Hosts.
 */

const OTHER_USER = 'keyward-test-other'
const keyring = await secretServiceAvailable()
if (!keyring.available) console.log(keyring.reason)
const sheet = figureSheet('isolation', 'Isolation')

/** The uid/gid of the second user, creating it when root; null (with the reason printed) otherwise. */
function otherUser(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) {
    sheet.skip(`other-user probes: not root (uid ${process.getuid?.()}), so no second uid can be created or assumed`)
    return null
  }
  const lookup = () => spawnSync('id', ['-u', OTHER_USER], { encoding: 'utf8' })
  if (lookup().status !== 0) {
    const made = spawnSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', OTHER_USER], { encoding: 'utf8' })
    if (made.status !== 0) {
      sheet.skip(`other-user probes: useradd failed (${made.stderr.trim()})`)
      return null
    }
  }
  const uid = Number(lookup().stdout.trim())
  const gid = Number(spawnSync('id', ['-g', OTHER_USER], { encoding: 'utf8' }).stdout.trim())
  if (!existsSync('/usr/bin/setpriv')) {
    sheet.skip('other-user probes: setpriv is missing')
    return null
  }
  return { uid, gid }
}

/** What the other user's probe saw, one entry per attempt: 'ok' or the error code. */
function probeAs(user: { uid: number; gid: number }, targets: { read: string[]; list: string[]; connect: string[] }): Record<string, string> {
  const script = `
const fs = require('fs'), net = require('net')
const t = JSON.parse(process.argv[1]), out = {}
for (const p of t.read) { try { fs.readFileSync(p); out['read ' + p] = 'ok' } catch (e) { out['read ' + p] = e.code } }
for (const p of t.list) { try { fs.readdirSync(p); out['list ' + p] = 'ok' } catch (e) { out['list ' + p] = e.code } }
let pending = t.connect.length
const done = () => { if (--pending <= 0) { process.stdout.write(JSON.stringify(out)) } }
if (pending === 0) process.stdout.write(JSON.stringify(out))
for (const p of t.connect) {
  const s = net.connect(p)
  s.on('connect', () => { s.write('{"v":1,"op":"ping"}\\n') })
  s.on('data', d => { out['connect ' + p] = 'ok: ' + d.toString().slice(0, 80); s.destroy(); done() })
  s.on('error', e => { out['connect ' + p] = e.code; done() })
  setTimeout(() => { if (!out['connect ' + p]) { out['connect ' + p] = 'no answer'; s.destroy(); done() } }, 3000)
}`
  const nodeBinary = existsSync('/usr/bin/node') ? '/usr/bin/node' : process.execPath
  const output = execFileSync(
    'setpriv',
    [`--reuid=${user.uid}`, `--regid=${user.gid}`, '--clear-groups', '--', nodeBinary, '-e', script, JSON.stringify(targets)],
    { encoding: 'utf8', cwd: '/', env: { PATH: '/usr/bin:/bin', HOME: '/' }, timeout: 15_000 },
  )
  return JSON.parse(output) as Record<string, string>
}

describe.skipIf(!keyring.available)('isolation', () => {
  let world: World
  let daemon: Daemon

  beforeAll(async () => {
    world = makeWorld('iso', 5)
    const vault = createVault({ dataDir: world.home })
    const name = `iso-${process.pid}`
    await vault.profiles.add({ name, kind: 'api', key: world.key('api', name) })
    const project = world.dir('project')
    await vault.bindings.set(project, name)
    await vault.keys.resolve(project, 'iso', 'direct') // writes the audit log
    daemon = await startDaemon(world.env)
  }, 60_000)

  afterAll(async () => {
    await daemon?.stop()
    sheet.write()
    world?.cleanup()
  })

  it('keeps another local user out of the socket, the config and the data directory', () => {
    const user = otherUser()
    if (!user) return
    const targets = {
      read: [join(world.home, 'config.json'), join(world.home, 'audit.jsonl')],
      list: [world.home, join(world.home, 'run')],
      connect: daemon.servesSocket ? [daemon.socketPath] : [],
    }
    if (!daemon.servesSocket) sheet.skip('socket probe: the daemon serves no key socket yet')
    // First, that the other user can reach the root at all, so the refusals below are Keyward's modes.
    const canTraverse = probeAs(user, { read: [], list: [world.root], connect: [] })
    expect(canTraverse[`list ${world.root}`]).toBe('ok')
    const seen = probeAs(user, targets)
    sheet.set('other-user attempts (read config, read audit log, list data dir, list run dir, connect socket)', Object.keys(seen).length)
    sheet.set('other-user attempts that succeeded', Object.values(seen).filter((v) => v.startsWith('ok')).length)
    for (const [attempt, result] of Object.entries(seen)) sheet.note(`${OTHER_USER} ${attempt.replace(world.root, '<tmp>')}: ${result}`)
    for (const result of Object.values(seen)) expect(result).toMatch(/^(EACCES|EPERM|ENOENT)$/)

    // Same with a data directory the user created world-readable: the files' own modes still hold.
    const loose = join(world.root, 'loose-home')
    mkdirSync(loose, { mode: 0o755 })
    execFileSync('chmod', ['0755', loose])
    const looseVault = createVault({ dataDir: loose })
    return looseVault.config.update((c) => c).then(() => {
      const seenLoose = probeAs(user, { read: [join(loose, 'config.json')], list: [], connect: [] })
      sheet.set('other-user read of config.json in a 0755 data dir', seenLoose[`read ${join(loose, 'config.json')}`] ?? null)
      expect(seenLoose[`read ${join(loose, 'config.json')}`]).toBe('EACCES')
    })
  }, 60_000)

  it('refuses wrong tokens, foreign Origins and foreign Hosts on the HTTP transport', async () => {
    const port = Number(new URL(daemon.origin).port)
    const call = (headers: Record<string, string>, path = '/rpc') =>
      new Promise<{ status: number; body: string }>((done, fail) => {
        const req = request({ host: '127.0.0.1', port, path, method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
          let body = ''
          res.setEncoding('utf8').on('data', (c: string) => (body += c))
          res.on('end', () => done({ status: res.statusCode ?? 0, body }))
        })
        req.on('error', fail)
        req.end(JSON.stringify({ name: 'profiles.list', input: {} }))
      })
    const host = `127.0.0.1:${port}`
    const good = { host, 'x-keyward-token': daemon.token }
    const cases: [string, Record<string, string>][] = [
      ['no token', { host }],
      ['empty token', { host, 'x-keyward-token': '' }],
      ['wrong token', { host, 'x-keyward-token': 'A'.repeat(daemon.token.length) }],
      ['token prefix', { host, 'x-keyward-token': daemon.token.slice(0, -1) }],
      ['token with suffix', { host, 'x-keyward-token': `${daemon.token}x` }],
      ['token in lower case', { host, 'x-keyward-token': daemon.token.toLowerCase() === daemon.token ? `${daemon.token}Z` : daemon.token.toLowerCase() }],
      ['foreign Origin', { ...good, origin: 'https://evil.example' }],
      ['Origin null', { ...good, origin: 'null' }],
      ['Origin on another port', { ...good, origin: `http://127.0.0.1:${port + 1}` }],
      ['Origin localhost', { ...good, origin: `http://localhost:${port}` }],
      ['Host localhost (DNS rebinding)', { ...good, host: `localhost:${port}` }],
      ['Host evil.example', { ...good, host: 'evil.example' }],
      ['Host without port', { ...good, host: '127.0.0.1' }],
      ['Host on another port', { ...good, host: `127.0.0.1:${port + 1}` }],
    ]
    const refusedCount = { refused: 0 }
    for (const [label, headers] of cases) {
      const response = await call(headers)
      expect({ label, status: response.status }).toEqual({ label, status: 403 })
      expect(response.body).toContain('NOT_ALLOWED')
      expect(response.body).not.toContain(daemon.token)
      refusedCount.refused++
    }
    const ok = await call(good)
    expect(ok.status).toBe(200)
    const withOrigin = await call({ ...good, origin: daemon.origin })
    expect(withOrigin.status).toBe(200)
    sheet.set('HTTP requests with a bad token, Origin or Host', cases.length)
    sheet.set('HTTP bad requests refused with 403', refusedCount.refused)
  }, 60_000)
})
