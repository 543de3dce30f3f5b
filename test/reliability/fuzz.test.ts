import { symlinkSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { procedureNames } from '../../shared/contract'
import { startKeySocketServer } from '../../electron/core/serving/socket/socket-server'
import { createVault } from '../../electron/core/vault/vault'
import { secretServiceAvailable } from '../support/keyring'
import { type Daemon, rssKb, startDaemon } from './support/cli'
import { figureSheet } from './support/figures'
import { type LeakHit } from './support/leaks'
import { connectLines, oneShot } from './support/socket'
import { type BoundProject, type World, createWorld } from './support/world'

/*
 * Socket and /rpc fuzzing: at least 10,000 generated requests (seeded, so a failure replays), with
 * valid probes interleaved. The server must keep answering probes correctly, never die, keep its
 * memory bounded, and never put a key in a reply unless the request's directory is bound to it.
 */

const SEED = Number(process.env.KEYWARD_FUZZ_SEED ?? 20_261_122)
const SOCKET_CASES = 6_000
const RPC_CASES = 4_200
const PROBE_EVERY = 50
const CONCURRENCY = 16

const keyring = await secretServiceAvailable()
if (!keyring.available) console.log(keyring.reason)

const sheet = figureSheet('fuzz', 'Socket and /rpc fuzzing')

describe.skipIf(!keyring.available)('fuzzing the key socket and the /rpc endpoint', () => {
  let world: World
  let daemon: Daemon
  let socketPath: string
  let closeSocket: (() => Promise<void>) | null = null
  let serverPid: number
  let bound: BoundProject[]
  let unbound: string
  const leaks: LeakHit[] = []

  beforeAll(async () => {
    world = createWorld('fuzz', SEED)
    const vault = createVault({ dataDir: world.home })
    bound = []
    for (const name of ['a', 'b', 'c']) {
      const profile = `fz-${name}-${process.pid}`
      const key = world.key('api', profile)
      const dir = world.dir('projects', name)
      await vault.profiles.add({ name: profile, kind: 'api', key })
      await vault.bindings.set(dir, profile)
      bound.push({ dir, profile, key })
    }
    // A nested binding: the longest match must win over its parent.
    const nestedProfile = `fz-nested-${process.pid}`
    const nestedKey = world.key('api', nestedProfile)
    const nestedDir = world.dir('projects', 'a', 'sub', 'nested')
    await vault.profiles.add({ name: nestedProfile, kind: 'api', key: nestedKey })
    await vault.bindings.set(nestedDir, nestedProfile)
    bound.push({ dir: nestedDir, profile: nestedProfile, key: nestedKey })
    // An Admin key is never served, whatever is asked.
    await vault.profiles.add({ name: `fz-admin-${process.pid}`, kind: 'admin', key: world.key('admin', `fz-admin-${process.pid}`) })
    unbound = world.dir('elsewhere', 'unbound')
    symlinkSync(bound[1]!.dir, join(world.root, 'link-to-b'))
    symlinkSync(join(world.root, 'loop-1'), join(world.root, 'loop-2'))
    symlinkSync(join(world.root, 'loop-2'), join(world.root, 'loop-1'))

    daemon = await startDaemon(world.env)
    if (daemon.servesSocket) {
      socketPath = daemon.socketPath
      serverPid = daemon.child.pid!
      sheet.note('The key socket was served by the `keyward daemon` process.')
    } else {
      const server = await startKeySocketServer({ keys: vault.keys, dataDir: world.home })
      socketPath = server.location.path
      closeSocket = () => server.close()
      serverPid = process.pid
      sheet.note('`keyward daemon` did not serve the key socket yet, so the socket server module ran in the test process (startKeySocketServer over the real vault).')
    }
  }, 60_000)

  afterAll(async () => {
    await closeSocket?.()
    await daemon?.stop()
    sheet.write()
    world?.cleanup()
  })

  /** Checks a reply: JSON with v:1 when present, and a key only where the oracle says the directory gets it. */
  function checkSocketReply(where: string, reply: string, cwd: unknown): string | null {
    for (const line of reply.split('\n')) {
      if (line === '') continue
      let parsed: { v?: unknown; ok?: unknown; key?: unknown }
      try {
        parsed = JSON.parse(line) as typeof parsed
      } catch {
        return `${where}: reply is not JSON: ${line.slice(0, 120)}`
      }
      if (parsed.v !== 1) return `${where}: reply without v:1: ${line.slice(0, 120)}`
      const expected = typeof cwd === 'string' ? world.expectedKey(cwd, bound) : null
      if (parsed.ok === true && typeof parsed.key === 'string' && parsed.key !== expected) {
        return `${where}: served a key the directory ${JSON.stringify(cwd)?.slice(0, 200)} is not bound to`
      }
      // Outside a correct answer, no secret may appear at all.
      const rest = parsed.ok === true && parsed.key === expected ? line.replace(String(expected), '') : line
      leaks.push(...world.secrets.scan(where, rest))
    }
    return null
  }

  it(`answers ${SOCKET_CASES} generated socket requests and every interleaved probe`, async () => {
    const random = world.random
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
    const anyJson = fc.sample(fc.jsonValue({ maxDepth: 3 }), { seed: SEED, numRuns: 400 })
    const anyString = fc.sample(fc.string({ unit: 'binary', maxLength: 300 }), { seed: SEED + 1, numRuns: 400 })
    const a = bound[0]!
    const traversal = [
      `${unbound}/../../projects/a`,
      `${unbound}/../../../${world.root.split('/').pop()}/projects/b`,
      `${a.dir}/../../elsewhere/unbound`,
      `${a.dir}/sub/../../c`,
      `${a.dir}/./sub/./nested/.`,
      `${world.root}/link-to-b/../projects/c`,
      `${world.root}/loop-1`,
      `${world.root}/loop-2/x`,
      `${a.dir}/does-not-exist/../..`,
      `${a.dir}%2f..%2f..%2felsewhere`,
      `${a.dir}\0/../../elsewhere`,
      `${unbound}\0${a.dir}`,
      '/proc/self/cwd',
      '/proc/self/root/etc',
      '/',
      '//',
      '/../../../../../../..',
      '/etc/passwd',
      '/dev/null',
      'relative/path',
      '.',
      '..',
      '~',
      '~/projects/a',
      'C:\\Windows\\..\\..',
      '\\\\?\\C:\\',
      `${a.dir}/${'x/'.repeat(2100)}`,
      `${unbound}/${'../'.repeat(1500)}`,
      `${a.dir}\u202e/../../unbound`,
      `${a.dir}\ud800`,
    ]
    const generators: (() => { data: string | Buffer; cwd?: unknown })[] = [
      () => ({ data: Buffer.concat([Buffer.from(Array.from({ length: Math.floor(random() * 600) }, () => Math.floor(random() * 256))), Buffer.from('\n')]) }),
      () => {
        const full = JSON.stringify({ v: 1, op: 'resolve', cwd: pick(bound).dir, agent: 'fuzz' })
        return { data: `${full.slice(0, Math.floor(random() * (full.length - 1)))}\n` }
      },
      () => ({ data: `${JSON.stringify({ v: 1, op: 'resolve', cwd: 'x'.repeat(8_000 + Math.floor(random() * 60_000)) })}\n` }),
      () => ({ data: `${'{'.repeat(Math.floor(random() * 5_000))}\n` }),
      () => {
        const cwd = pick(anyJson)
        return { data: `${JSON.stringify({ v: 1, op: 'resolve', cwd })}\n`, cwd }
      },
      () => ({ data: `${JSON.stringify({ v: pick(anyJson), op: 'resolve', cwd: a.dir })}\n` }),
      () => ({ data: `${JSON.stringify({ v: 1, op: pick([...anyString.slice(0, 50), 'resolvE', 'exec', 'list', 'keys', '__proto__', 'constructor', null, 1]), cwd: a.dir })}\n` }),
      () => ({ data: `${JSON.stringify(pick(anyJson))}\n` }),
      () => {
        const cwd = pick(traversal)
        return { data: `${JSON.stringify({ v: 1, op: 'resolve', cwd, agent: pick(anyString) })}\n`, cwd }
      },
      () => {
        const cwd = `${pick(bound).dir}${pick(['', '/', '/sub', '/..', '/../..'])}`
        return { data: `${JSON.stringify({ v: 1, op: 'resolve', cwd, profile: pick([`fz-admin-${process.pid}`, pick(bound).profile, '../x', ''.padEnd(200, 'p')]) })}\n`, cwd: '__forced__' }
      },
      () => ({ data: `${JSON.stringify({ v: 1, op: 'resolve', cwd: unbound, extra: pick(anyJson) })}\n` }),
      () => ({ data: `${pick(anyString)}\n` }),
      () => ({ data: `${JSON.stringify({ v: 1, op: 'resolve', cwd: a.dir, agent: pick(anyJson) })}\n`, cwd: '__maybe__' }),
      () => ({ data: `\n\n\r\n${JSON.stringify({ v: 1, op: 'ping' })}\r\n` }),
    ]

    let cases = 0
    let probes = 0
    let probeFailures = 0
    let failures: string[] = []
    let connectErrors = 0
    const rssBefore = await rssKb(serverPid)
    const probe = async () => {
      probes++
      const target = random() < 0.2 ? null : pick(bound)
      const cwd = target ? `${target.dir}${random() < 0.5 ? '' : ''}` : unbound
      const { reply, error } = await oneShot(socketPath, `${JSON.stringify({ v: 1, op: 'resolve', cwd, agent: 'probe' })}\n`, 10_000)
      const parsed = reply ? (JSON.parse(reply.split('\n')[0]!) as { ok: boolean; key?: string; error?: { code: string } }) : null
      const good = target ? parsed?.ok === true && parsed.key === target.key : parsed?.ok === false && parsed.error?.code === 'NOT_BOUND'
      if (!good) {
        probeFailures++
        failures.push(`probe for ${cwd} got ${error ?? reply.slice(0, 200)}`)
      }
    }
    let next = 0
    const worker = async () => {
      while (next < SOCKET_CASES) {
        const index = next++
        if (index % PROBE_EVERY === 0) await probe()
        const { data, cwd } = pick(generators)()
        const { reply, error } = await oneShot(socketPath, data, 8_000)
        cases++
        if (error && error !== 'EPIPE' && error !== 'ECONNRESET') {
          connectErrors++
          failures.push(`case ${index}: connection error ${error}`)
          continue
        }
        const problem = cwd === '__forced__' ? checkForced(`socket case ${index}`, reply) : checkSocketReply(`socket case ${index}`, reply, tryCwd(data))
        if (problem) failures.push(problem)
      }
    }
    /** A forced --profile may serve that profile's key (the user asked by name), but never the Admin key. */
    function checkForced(where: string, reply: string): string | null {
      if (reply.includes('sk-ant-admin01-')) return `${where}: served an Admin key`
      for (const line of reply.split('\n')) {
        if (line === '') continue
        const parsed = JSON.parse(line) as { ok?: boolean; profile?: string; key?: string }
        if (parsed.ok && parsed.key !== bound.find((b) => b.profile === parsed.profile)?.key) return `${where}: forced profile served the wrong key`
      }
      return null
    }
    await Promise.all(Array.from({ length: CONCURRENCY }, worker))

    // Many idle connections: below the limit, probes still work; above it, new connections get a clean refusal.
    const idle = await Promise.all(Array.from({ length: 200 }, () => connectLines(socketPath)))
    for (let i = 0; i < 20; i++) await probe()
    const overflow = await Promise.all(Array.from({ length: 80 }, () => connectLines(socketPath).catch(() => null)))
    const refused = await oneShot(socketPath, `${JSON.stringify({ v: 1, op: 'ping' })}\n`)
    const refusedCleanly = refused.reply === '' || /"ok":false|"pong":true/.test(refused.reply)
    for (const c of [...idle, ...overflow]) c?.close()
    await new Promise((r) => setTimeout(r, 300))
    for (let i = 0; i < 20; i++) await probe()

    // Unfinished lines: the read timeout closes them with an error, and probes run meanwhile.
    const slow = await Promise.all(Array.from({ length: 10 }, () => connectLines(socketPath)))
    for (const c of slow) c.write('{"v":1,"op":"resolve","cwd":"/')
    for (let i = 0; i < 10; i++) await probe()
    const slowReplies = await Promise.all(
      slow.map(
        (c) =>
          new Promise<string>((done) => {
            let text = ''
            c.socket.on('data', (d: Buffer | string) => (text += d.toString()))
            c.socket.once('close', () => done(text))
            setTimeout(() => done(text), 8_000)
          }),
      ),
    )
    for (const c of slow) c.close()

    // Pipelining beyond the queue bound ends only that connection.
    const pipe = await connectLines(socketPath)
    pipe.write(`${JSON.stringify({ v: 1, op: 'resolve', cwd: unbound })}\n`.repeat(500))
    await new Promise((r) => setTimeout(r, 500))
    pipe.close()
    for (let i = 0; i < 10; i++) await probe()

    const rssAfter = await rssKb(serverPid)
    sheet.set('socket fuzz cases', cases)
    sheet.set('socket probes (valid requests interleaved)', probes)
    sheet.set('socket probe failures', probeFailures)
    sheet.set('socket fuzz failures', failures.length)
    sheet.set('socket server RSS before (MB)', rssBefore === null ? null : Math.round(rssBefore / 102.4) / 10)
    sheet.set('socket server RSS after (MB)', rssAfter === null ? null : Math.round(rssAfter / 102.4) / 10)
    sheet.set('idle connections held while probing', 200)
    sheet.set('connections beyond the limit refused cleanly', refusedCleanly)
    sheet.set('unfinished lines closed with TIMEOUT', slowReplies.filter((r) => r.includes('TIMEOUT')).length)
    failures = failures.slice(0, 20)
    expect(failures).toEqual([])
    expect(connectErrors).toBe(0)
    expect(probeFailures).toBe(0)
    expect(refusedCleanly).toBe(true)
    expect(slowReplies.every((r) => r.includes('"ok":false'))).toBe(true)
    if (rssBefore !== null && rssAfter !== null) expect(rssAfter - rssBefore).toBeLessThan(96 * 1024)
  }, 180_000)

  it(`answers ${RPC_CASES} generated /rpc requests and every interleaved probe`, async () => {
    const random = world.random
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
    const anyJson = fc.sample(fc.jsonValue({ maxDepth: 4 }), { seed: SEED + 2, numRuns: 500 })
    const anyString = fc.sample(fc.string({ unit: 'grapheme', maxLength: 200 }), { seed: SEED + 3, numRuns: 300 })
    const names = [...procedureNames, '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'profiles.list ', 'PROFILES.LIST', 'profiles', '', 'profiles.getKey', 'keys.resolve', 'vault.get']
    const traversalDirs = [`${unbound}/../../projects/a`, '/proc/self/cwd', '../../..', `${bound[0]!.dir}\0`, '~', 'C:\\', `${world.root}/loop-1`]
    type Rpc = { body: string | Buffer; contentType?: string; method?: string }
    const generators: (() => Rpc)[] = [
      () => ({ body: Buffer.from(Array.from({ length: Math.floor(random() * 400) }, () => Math.floor(random() * 256))) }),
      () => {
        const full = JSON.stringify({ name: 'profiles.list', input: {} })
        return { body: full.slice(0, Math.floor(random() * full.length)) }
      },
      () => ({ body: JSON.stringify({ name: pick(names), input: pick(anyJson) }) }),
      () => ({ body: JSON.stringify({ name: pick(anyJson), input: {} }) }),
      () => ({ body: JSON.stringify(pick(anyJson)) }),
      // Traversal where it only reads; where it writes, a profile or directory that cannot match (a valid rebinding is not a fault).
      () => ({ body: JSON.stringify({ name: 'bindings.which', input: { directory: pick(traversalDirs) } }) }),
      () => ({ body: JSON.stringify({ name: 'bindings.set', input: { directory: pick(traversalDirs), profile: `nope-${Math.floor(random() * 1e6)}` } }) }),
      () => ({ body: JSON.stringify({ name: 'bindings.remove', input: { directory: pick([`${unbound}/../x`, '/proc/self/cwd', '../..', `${unbound}\0`, '~']) } }) }),
      () => ({
        body: JSON.stringify({
          name: pick(['profiles.add', 'rotation.rotate']),
          input: { name: pick(anyString), profile: pick(anyString), kind: 'api', key: pick(anyString), newKey: pick(anyString) },
        }),
      }),
      () => ({ body: JSON.stringify({ name: pick(['profiles.remove', 'profiles.rename', 'profiles.copyKey']), input: { name: pick(anyString), from: pick(anyString), to: pick(anyString) } }) }),
      () => ({ body: JSON.stringify({ name: 'profiles.list', input: {} }), contentType: pick(['text/plain', 'application/x-www-form-urlencoded', '', 'multipart/form-data']) }),
      () => ({ body: JSON.stringify({ name: 'profiles.list', input: {} }), method: pick(['GET', 'PUT', 'DELETE', 'PATCH']) }),
      () => ({ body: `{"name":"profiles.list","input":${'['.repeat(3_000)}` }),
      () => ({ body: JSON.stringify({ name: 'audit.list', input: { limit: pick(anyJson) } }) }),
    ]
    let cases = 0
    let probes = 0
    let probeFailures = 0
    let oversized = 0
    const failures: string[] = []
    const expectedProfiles = [...bound.map((b) => b.profile), `fz-admin-${process.pid}`].sort()
    const post = async ({ body, contentType = 'application/json', method = 'POST' }: Rpc) => {
      const response = await fetch(`${daemon.origin}/rpc`, {
        method,
        headers: { 'content-type': contentType, 'x-keyward-token': daemon.token },
        ...(method === 'GET' || method === 'HEAD' ? {} : { body }),
      })
      return { status: response.status, text: await response.text() }
    }
    const probe = async () => {
      probes++
      const target = pick(bound)
      const list = await post({ body: JSON.stringify({ name: 'profiles.list', input: {} }) })
      const which = await post({ body: JSON.stringify({ name: 'bindings.which', input: { directory: target.dir } }) })
      const names = (JSON.parse(list.text) as { value?: { name: string }[] }).value?.map((p) => p.name).sort()
      const whichValue = (JSON.parse(which.text) as { value?: { profile?: string } }).value
      if (JSON.stringify(names) !== JSON.stringify(expectedProfiles) || whichValue?.profile !== target.profile) {
        probeFailures++
        failures.push(`probe: profiles ${list.text.slice(0, 200)} which ${which.text.slice(0, 200)}`)
      }
    }
    const rssBefore = await rssKb(daemon.child.pid!)
    let next = 0
    const worker = async () => {
      while (next < RPC_CASES) {
        const index = next++
        if (index % PROBE_EVERY === 0) await probe()
        const request = index % 400 === 399 ? { body: Buffer.alloc(1024 * 1024 + 10, 0x20) } : pick(generators)()
        if (index % 400 === 399) oversized++
        let result: { status: number; text: string }
        try {
          result = await post(request)
        } catch (error) {
          failures.push(`rpc case ${index}: ${(error as Error).message}`)
          continue
        }
        cases++
        if (index % 400 === 399 && result.status !== 413) failures.push(`rpc case ${index}: oversized body got ${result.status}, not 413`)
        if (result.status >= 500) failures.push(`rpc case ${index}: status ${result.status} ${result.text.slice(0, 200)}`)
        try {
          const parsed = JSON.parse(result.text) as { ok?: unknown }
          if (typeof parsed.ok !== 'boolean') failures.push(`rpc case ${index}: no ok field`)
        } catch {
          failures.push(`rpc case ${index}: reply is not JSON (${result.status}): ${result.text.slice(0, 120)}`)
        }
        leaks.push(...world.secrets.scan(`rpc case ${index}`, result.text))
      }
    }
    await Promise.all(Array.from({ length: CONCURRENCY }, worker))
    for (let i = 0; i < 10; i++) await probe()
    const rssAfter = await rssKb(daemon.child.pid!)
    expect(daemon.child.exitCode).toBeNull()
    sheet.set('/rpc fuzz cases', cases)
    sheet.set('/rpc oversized bodies (1 MiB + 10 B)', oversized)
    sheet.set('/rpc probes', probes)
    sheet.set('/rpc probe failures', probeFailures)
    sheet.set('/rpc fuzz failures', failures.length)
    sheet.set('daemon RSS before /rpc fuzz (MB)', rssBefore === null ? null : Math.round(rssBefore / 102.4) / 10)
    sheet.set('daemon RSS after /rpc fuzz (MB)', rssAfter === null ? null : Math.round(rssAfter / 102.4) / 10)
    expect(failures.slice(0, 20)).toEqual([])
    expect(probeFailures).toBe(0)
    if (rssBefore !== null && rssAfter !== null) expect(rssAfter - rssBefore).toBeLessThan(128 * 1024)
  }, 180_000)

  it('put no secret in any reply, other than the bound key to its own directory', () => {
    sheet.set('secret occurrences in fuzz replies', leaks.length)
    expect(leaks.slice(0, 10)).toEqual([])
  })
})

/** The `cwd` of a generated request, when it parses, for the oracle. */
function tryCwd(data: string | Buffer): unknown {
  try {
    const parsed = JSON.parse(data.toString().split('\n')[0]!) as { cwd?: unknown }
    return parsed.cwd
  } catch {
    return null
  }
}
