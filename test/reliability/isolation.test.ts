import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createOrgAdmin } from '../../electron/core/org/admin/org-admin'
import { createAdminClient } from '../../electron/core/org/orgs/admin-client'
import { createMemoryKeychain } from '../../electron/core/vault/memory-keychain'
import { createVault } from '../../electron/core/vault/vault'
import { secretServiceAvailable } from '../support/keyring'
import { type Daemon, startDaemon } from './support/cli'
import { figureSheet } from './support/figures'
import { type World, createWorld } from './support/world'

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
  return JSON.parse(nodeAs(user, script, JSON.stringify(targets))) as Record<string, string>
}

/** Runs a node script as the other user (setpriv), with `arg` as process.argv[1]; its stdout. */
function nodeAs(user: { uid: number; gid: number }, script: string, arg: string): string {
  const nodeBinary = existsSync('/usr/bin/node') ? '/usr/bin/node' : process.execPath
  return execFileSync('setpriv', [`--reuid=${user.uid}`, `--regid=${user.gid}`, '--clear-groups', '--', nodeBinary, '-e', script, arg], {
    encoding: 'utf8',
    cwd: '/',
    env: { PATH: '/usr/bin:/bin', HOME: '/' },
    timeout: 15_000,
  })
}

describe.skipIf(!keyring.available)('isolation', () => {
  let world: World
  let daemon: Daemon

  beforeAll(async () => {
    world = createWorld('iso', 5)
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
    return looseVault.config
      .update((c) => c)
      .then(() => {
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

/*
 * Another local user attacks the data directory itself: one they own, one
 * they can write (0777) where they swap config.json for an org at their own server, and a planted
 * audit.jsonl -> the user's ~/.bash_profile. Keyward refuses, tightens, and touches nothing outside.
 * No keychain needed: the vault runs on the in-memory one.
 */
describe('another user attacking the data directory', () => {
  let world: World
  beforeAll(() => {
    world = createWorld('iso-dir', 6)
  })
  afterAll(() => world?.cleanup())

  it('refuses a data directory the other user owns, before reading anything in it', () => {
    const user = otherUser()
    if (!user) return
    // A shared sticky directory like /tmp, where the other user made the directory first.
    const shared = join(world.root, 'shared-tmp')
    mkdirSync(shared)
    chmodSync(shared, 0o1777)
    const theirs = join(shared, 'their-home')
    nodeAs(user, "require('fs').mkdirSync(process.argv[1], { mode: 0o777 }); require('fs').chmodSync(process.argv[1], 0o777)", theirs)
    expect(() => createVault({ dataDir: theirs, keychain: createMemoryKeychain() })).toThrow(
      expect.objectContaining({ code: 'CONFLICT', message: expect.stringContaining(`belongs to another user (uid ${user.uid})`) }),
    )
    expect(readdirSync(theirs)).toEqual([])
  })

  it('a 0777 data dir: tightened; the config.json and audit link the other user planted are refused; nothing outside touched; no request made', async () => {
    const user = otherUser()
    if (!user) return
    const home = join(world.root, 'open-home')
    mkdirSync(home)
    chmodSync(home, 0o777)
    const profile = join(world.userHome, '.bash_profile')
    const profileText = '# the real ~/.bash_profile\nexport EDITOR=vi\n'
    writeFileSync(profile, profileText)
    const planted = JSON.stringify({
      version: 1,
      profiles: [{ name: 'admin', kind: 'admin', hint: 'sk-ant-admin01-…AAAA', createdAt: '2026-01-01T00:00:00.000Z', rotatedAt: null, tags: [] }],
      defaultProfile: null,
      bindings: [],
      allowedProjects: [],
      orgs: [{ id: 'org_x', name: 'Acme', baseURL: 'https://attacker.example', adminProfile: 'admin', demo: false, addedAt: '2026-01-01T00:00:00.000Z' }],
    })
    nodeAs(
      user,
      "const fs = require('fs'), [home, text, victim] = JSON.parse(process.argv[1]); fs.writeFileSync(home + '/config.json', text, { mode: 0o644 }); fs.symlinkSync(victim, home + '/audit.jsonl')",
      JSON.stringify([home, planted, profile]),
    )
    const warnings: string[] = []
    const write = process.stderr.write.bind(process.stderr)
    process.stderr.write = ((chunk: string) => (warnings.push(String(chunk)), true)) as typeof process.stderr.write
    let vault: ReturnType<typeof createVault>
    try {
      vault = createVault({ dataDir: home, keychain: createMemoryKeychain({ admin: world.key('admin', 'iso-dir-admin') }) })
    } finally {
      process.stderr.write = write
    }
    expect(statSync(home).mode & 0o777).toBe(0o700)
    expect(warnings.join('')).toContain('open to other users (mode 0777); Keyward made it private (0700)')
    // The swapped config.json: refused as the other user's file, so its org (and base URL) is never used.
    await expect(vault.config.read()).rejects.toMatchObject({ message: expect.stringContaining(`config.json belongs to another user (uid ${user.uid})`) })
    const clients: string[] = []
    const orgAdmin = createOrgAdmin({ vault, log: () => {}, makeClient: (o) => (clients.push(o.baseURL), createAdminClient(o)) })
    await expect(orgAdmin.orgs.client('org_x')).rejects.toMatchObject({ message: expect.stringContaining('belongs to another user') })
    expect(clients).toEqual([])
    await orgAdmin.close()
    // The planted audit.jsonl -> ~/.bash_profile: refused; the profile is byte-identical.
    await expect(vault.audit.append({ event: 'key.served', profile: 'p', directory: home })).rejects.toMatchObject({ message: expect.stringContaining('audit.jsonl is a symbolic link') })
    await vault.audit.close()
    expect(readFileSync(profile, 'utf8')).toBe(profileText)
    // And the other user is out now: the directory is 0700.
    const after = probeAs(user, { read: [], list: [home], connect: [] })
    expect(after[`list ${home}`]).toBe('EACCES')
  }, 60_000)
})
