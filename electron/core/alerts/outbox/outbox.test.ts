import { mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Alert } from '../channels/channel'
import { type MemoryChannel, createMemoryChannel } from '../channels/memory-channel'
import { type RetryPolicy, retryDelay } from './backoff'
import { createOutbox } from './outbox'
import { type OutboxRecord, claim, newRecord, settle } from './outbox-record'

const POLICY: RetryPolicy = { baseMs: 1_000, capMs: 8_000, maxAttempts: 5 }
const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

let counter = 0
function alert(): Alert {
  counter += 1
  return {
    id: `alrt_${counter.toString(16).padStart(24, '0')}`,
    kind: 'budget-threshold',
    title: `Budget ${counter}`,
    body: 'body',
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, counter)).toISOString(),
    details: { budgetId: 'b1' },
  }
}

/** An outbox over a temp dir with a fake clock (`clock.t`, ms) and fixed dice. */
function world(channels: MemoryChannel[], random = 0.5) {
  const dir = mkdtempSync(join(tmpdir(), 'keyward-outbox-'))
  dirs.push(dir)
  const clock = { t: 1_000_000 }
  const lines: string[] = []
  const make = () =>
    createOutbox({ dir: join(dir, 'outbox'), open: async (name) => channels.find((c) => c.name === name) ?? null, log: (l) => lines.push(l), policy: POLICY, now: () => clock.t, random: () => random })
  return { dir: join(dir, 'outbox'), clock, lines, outbox: make(), reopen: make }
}

describe('retry delay', () => {
  it('doubles from the base, is capped, jitters within [half, whole], and honours Retry-After up to the cap', () => {
    expect([1, 2, 3, 4, 5, 9].map((n) => retryDelay(POLICY, n, 0.999999))).toEqual([1_000, 2_000, 4_000, 8_000, 8_000, 8_000])
    expect([1, 2, 3, 4].map((n) => retryDelay(POLICY, n, 0))).toEqual([500, 1_000, 2_000, 4_000])
    expect(retryDelay(POLICY, 1, 0.5, 6_000)).toBe(6_000)
    expect(retryDelay(POLICY, 1, 0.5, 60_000)).toBe(8_000)
  })
})

describe('outbox record state machine', () => {
  it('claims before the send and settles by the answer', () => {
    const r = newRecord(alert(), 'ops', 0)
    const c = claim(r, 10)
    expect(c).toMatchObject({ state: 'sending', attempts: 1, nextAttemptAt: null })
    expect(settle(c, { kind: 'ok' }, 20, POLICY, 0.5)).toMatchObject({ state: 'delivered', lastError: null })
    expect(settle(c, { kind: 'permanent', reason: 'HTTP 404' }, 20, POLICY, 0.5)).toMatchObject({ state: 'failed', lastError: 'HTTP 404' })
    expect(settle(c, { kind: 'transient', reason: 'down' }, 20, POLICY, 0.5)).toMatchObject({ state: 'pending', nextAttemptAt: 20 + 750, lastError: 'down' })
    const last: OutboxRecord = { ...c, attempts: POLICY.maxAttempts }
    expect(settle(last, { kind: 'transient', reason: 'down' }, 20, POLICY, 0.5)).toMatchObject({ state: 'failed', lastError: 'down; gave up after 5 tries' })
  })
})

describe('outbox', () => {
  it('delivers each queued alert once, writes each state to disk, and does nothing on the next pass', async () => {
    const ops = createMemoryChannel('ops')
    const w = world([ops])
    const a = alert()
    await w.outbox.enqueue(a, ['ops', 'ops'])
    expect(readdirSync(w.dir)).toEqual([`${a.id}.ops.json`])
    expect(JSON.parse(readFileSync(join(w.dir, `${a.id}.ops.json`), 'utf8'))).toMatchObject({ state: 'pending', attempts: 0 })
    expect(await w.outbox.runDue()).toBe(1)
    expect(await w.outbox.runDue()).toBe(0)
    expect(ops.attempts.map((x) => x.id)).toEqual([a.id])
    expect((await w.outbox.records())[0]).toMatchObject({ state: 'delivered', attempts: 1 })
    await w.outbox.stop()
  })

  it('retries a transient failure only when its backoff is due, with the same id, until delivered', async () => {
    const ops = createMemoryChannel('ops', [
      { kind: 'transient', reason: 'the receiver could not connect (ECONNREFUSED)' },
      { kind: 'transient', reason: 'the receiver answered HTTP 503' },
    ])
    const w = world([ops], 0)
    const a = alert()
    await w.outbox.enqueue(a, ['ops'])
    await w.outbox.runDue()
    expect((await w.outbox.records())[0]).toMatchObject({ state: 'pending', attempts: 1, nextAttemptAt: w.clock.t + 500 })
    w.clock.t += 499
    expect(await w.outbox.runDue()).toBe(0)
    w.clock.t += 1
    await w.outbox.runDue()
    expect((await w.outbox.records())[0]).toMatchObject({ state: 'pending', attempts: 2, nextAttemptAt: w.clock.t + 1_000, lastError: 'the receiver answered HTTP 503' })
    w.clock.t += 1_000
    await w.outbox.runDue()
    expect((await w.outbox.records())[0]).toMatchObject({ state: 'delivered', attempts: 3, lastError: null })
    expect(ops.attempts.map((x) => x.id)).toEqual([a.id, a.id, a.id])
    expect(ops.received.size).toBe(1)
    expect(w.lines.filter((l) => l.includes('not delivered yet'))).toHaveLength(2)
  })

  it('gives up after the last try, says what to do in the log, and a requeue sends it again', async () => {
    const down = Array.from({ length: POLICY.maxAttempts }, () => ({ kind: 'transient' as const, reason: 'down' }))
    const ops = createMemoryChannel('ops', down)
    const w = world([ops], 1 - 1e-9)
    const a = alert()
    await w.outbox.enqueue(a, ['ops'])
    for (let i = 0; i < 20; i++) {
      await w.outbox.runDue()
      w.clock.t += POLICY.capMs
    }
    const [failed] = await w.outbox.records()
    expect(failed).toMatchObject({ state: 'failed', attempts: POLICY.maxAttempts, lastError: 'down; gave up after 5 tries' })
    expect(w.lines.at(-1)).toMatch(/could not be delivered: down; gave up after 5 tries; fix the channel .*keyward channels retry alrt_\w+ ops/)
    expect(await w.outbox.requeue(a.id, 'ops')).toBe(true)
    expect(await w.outbox.requeue(a.id, 'ops')).toBe(false)
    await w.outbox.runDue()
    expect((await w.outbox.records())[0]).toMatchObject({ state: 'delivered' })
    expect(ops.received.size).toBe(1)
  })

  it('fails a permanent error at once, and an alert for a channel that no longer exists', async () => {
    const ops = createMemoryChannel('ops', [{ kind: 'permanent', reason: 'the receiver answered HTTP 404 Not Found' }])
    const w = world([ops])
    await w.outbox.enqueue(alert(), ['ops', 'gone'])
    await w.outbox.runDue()
    const byChannel = Object.fromEntries((await w.outbox.records()).map((r) => [r.channel, r]))
    expect(byChannel.ops).toMatchObject({ state: 'failed', attempts: 1, lastError: 'the receiver answered HTTP 404 Not Found' })
    expect(byChannel.gone).toMatchObject({ state: 'failed', lastError: 'there is no channel named gone any more; add it again' })
  })

  it('sends again, with the same id, a record a crash left in "sending" (record-then-send)', async () => {
    const ops = createMemoryChannel('ops')
    const w = world([ops])
    const a = alert()
    // What a process killed after recording the claim (and maybe after the receiver took it) leaves behind.
    ops.received.set(a.id, a)
    await w.outbox.enqueue(a, ['ops'])
    const path = join(w.dir, `${a.id}.ops.json`)
    writeFileSync(path, JSON.stringify(claim(newRecord(a, 'ops', w.clock.t), w.clock.t)))
    const restarted = w.reopen()
    expect(await restarted.runDue()).toBe(1)
    expect((await restarted.records())[0]).toMatchObject({ state: 'delivered', attempts: 2 })
    expect(ops.attempts.map((x) => x.id)).toEqual([a.id])
    expect(ops.received.size).toBe(1)
  })

  it('works a restarted outbox from the disk alone, and skips files it did not write (junk, a link, a renamed record)', async () => {
    const ops = createMemoryChannel('ops')
    const w = world([ops])
    const a = alert()
    const b = alert()
    await w.outbox.enqueue(a, ['ops'])
    await w.outbox.enqueue(b, ['ops'])
    writeFileSync(join(w.dir, `${alert().id}.ops.json`), '{"version":1, junk')
    symlinkSync(join(w.dir, `${a.id}.ops.json`), join(w.dir, `${alert().id}.ops.json`))
    writeFileSync(join(w.dir, `${alert().id}.ops.json`), readFileSync(join(w.dir, `${b.id}.ops.json`)))
    writeFileSync(join(w.dir, 'notes.txt'), 'hello')
    const restarted = w.reopen()
    expect(await restarted.runDue()).toBe(2)
    expect(ops.attempts.map((x) => x.id)).toEqual([a.id, b.id])
    expect(w.lines.filter((l) => l.startsWith('outbox:'))).toHaveLength(3)
    expect(w.lines.join('\n')).toMatch(/symbolic link/)
  })

  it('prunes delivered records after the keep period', async () => {
    const ops = createMemoryChannel('ops')
    const w = world([ops])
    await w.outbox.enqueue(alert(), ['ops'])
    await w.outbox.runDue()
    w.clock.t += 8 * 24 * 3_600_000
    await w.outbox.runDue()
    expect(await w.outbox.records()).toEqual([])
  })

  it('on a timer: start delivers what is queued and what another process queued later; stop waits for the pass', async () => {
    const ops = createMemoryChannel('ops')
    const dir = mkdtempSync(join(tmpdir(), 'keyward-outbox-'))
    dirs.push(dir)
    const make = () => createOutbox({ dir, open: async () => ops, log: () => {}, policy: POLICY })
    const worker = make()
    worker.start(50)
    await make().enqueue(alert(), ['ops'])
    for (let i = 0; i < 100 && ops.received.size === 0; i++) await new Promise((r) => setTimeout(r, 20))
    await worker.stop()
    expect(ops.received.size).toBe(1)
  })
})

describe('outbox when opening a channel throws', () => {
  it('records a transient failure with backoff (a locked keychain), not a tight loop', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyward-outbox-'))
    dirs.push(dir)
    const clock = { t: 5_000 }
    const lines: string[] = []
    const { KeywardError } = await import('../../../../shared/keyward-error')
    const outbox = createOutbox({
      dir,
      open: async () => {
        throw new KeywardError('KEYCHAIN_UNAVAILABLE', 'the OS keychain could not read a key (locked)')
      },
      log: (l) => lines.push(l),
      policy: POLICY,
      now: () => clock.t,
      random: () => 0,
    })
    await outbox.enqueue(alert(), ['ops'])
    await outbox.runDue()
    expect((await outbox.records())[0]).toMatchObject({ state: 'pending', attempts: 1, nextAttemptAt: 5_500, lastError: 'the OS keychain could not read a key (locked)' })
    expect(await outbox.runDue()).toBe(0)
    expect(lines).toHaveLength(1)
  })
})

describe('outbox enqueue', () => {
  it('refuses a channel name that is not one (a path) before writing anything', async () => {
    const w = world([])
    await expect(w.outbox.enqueue(alert(), ['ops', '../../etc/x'])).rejects.toThrow(/"..\/..\/etc\/x" is not a channel name or alert id; nothing was queued/)
    expect(await w.outbox.records()).toEqual([])
  })
})
