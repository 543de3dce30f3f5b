import { existsSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MAX_SESSIONS, type EstimatesStore, type SessionEstimate } from './estimates'
import { sumEstimates } from './estimates-summary'
import { MONTH_FILE_MAX_BYTES, estimatesDir, fileEstimatesStore, readMonthFile, withMonthLock } from './file-estimates-store'
import { memoryEstimatesStore } from './memory-estimates-store'

/*
 * The estimates store, file and memory alike: each session once at its latest figure, months
 * apart, bounded whatever is fed to it, and no update lost to two status lines at once.
 */

let dataDir: string
beforeEach(() => {
  dataDir = realpathSync(mkdtempSync(join(tmpdir(), 'keyward-estimates-')))
})
afterEach(() => rmSync(dataDir, { recursive: true, force: true }))

const session = (id: string, dollars: number, over: Partial<SessionEstimate> = {}): SessionEstimate => ({
  sessionId: id,
  day: '2026-12-06',
  profile: 'client-a',
  project: '/work/client-a',
  micro: BigInt(Math.round(dollars * 1e8)),
  at: Date.parse('2026-12-06T10:00:00Z'),
  ...over,
})

const stores: Array<[string, () => EstimatesStore]> = [
  ['file', () => fileEstimatesStore(dataDir)],
  ['memory', () => memoryEstimatesStore()],
]

const total = async (store: EstimatesStore, by: 'profile' | 'project' = 'profile', from = '2026-01-01', to = '2026-12-31') =>
  sumEstimates(await store.months(from.slice(0, 7), to.slice(0, 7)), from, to, by)

describe.each(stores)('the %s estimates store', (_name, make) => {
  it('counts a session once, at its latest figure, on the day it was first seen', async () => {
    const store = make()
    expect(await store.record(session('s1', 0.5))).toBe('recorded')
    expect(await store.record(session('s1', 1.25, { day: '2026-12-07', at: Date.parse('2026-12-07T10:00:00Z') }))).toBe('recorded')
    expect(await store.record(session('s1', 1.25, { day: '2026-12-07' }))).toBe('unchanged')
    expect(await store.record(session('s2', 2, { profile: 'client-b', project: null }))).toBe('recorded')
    const byProfile = await total(store)
    expect(byProfile.groups.map((g) => [g.id, g.totals.cost, g.totals.sessions])).toEqual([
      ['client-b', '2', 1],
      ['client-a', '1.25', 1],
    ])
    expect(byProfile.total).toEqual({ cost: '3.25', sessions: 2 })
    // The day it was first seen, not the latest.
    expect((await total(store, 'profile', '2026-12-07', '2026-12-07')).total.cost).toBe('0')
    const byProject = await total(store, 'project')
    expect(byProject.groups.map((g) => g.id)).toEqual(['(no project: default profile)', '/work/client-a'])
  })

  it('keeps a month apart from the next, and a session that began last month in last month', async () => {
    const store = make()
    await store.record(session('late', 1, { day: '2026-11-30' }))
    await store.record(session('late', 3, { day: '2026-12-01' }))
    await store.record(session('new', 2, { day: '2026-12-01' }))
    expect((await total(store, 'profile', '2026-11-01', '2026-11-30')).total).toEqual({ cost: '3', sessions: 1 })
    expect((await total(store, 'profile', '2026-12-01', '2026-12-31')).total).toEqual({ cost: '2', sessions: 1 })
  })

  it('keeps no session that has cost nothing yet, and no figure it cannot believe', async () => {
    const store = make()
    expect(await store.record(session('zero', 0))).toBe('unchanged')
    for (const bad of [session('neg', 0, { micro: -1n }), session('huge', 0, { micro: 10n ** 30n }), session('../x', 1), session('d', 1, { day: '2026-13-01' })])
      expect(await store.record(bad)).not.toBe('recorded')
    expect((await total(store)).groups).toEqual([])
  })

  it(`keeps at most ${MAX_SESSIONS} sessions a month, folding the least recently updated into per-profile totals without losing a cent`, async () => {
    const store = make()
    const n = MAX_SESSIONS + 40
    for (let i = 0; i < n; i++) await store.record(session(`s${i}`, 0.01, { at: 1_000 + i, profile: i % 2 ? 'client-a' : 'client-b' }))
    const months = await store.months('2026-12', '2026-12')
    expect(months[0]!.sessions).toHaveLength(MAX_SESSIONS)
    expect(months[0]!.sessions.some((s) => s.sessionId === 's0')).toBe(false)
    expect(months[0]!.sessions.some((s) => s.sessionId === `s${n - 1}`)).toBe(true)
    const sum = await total(store)
    expect(sum.total).toEqual({ cost: (n / 100).toFixed(2).replace(/0+$/, '').replace(/\.$/, ''), sessions: n })
    expect(sum.groups.find((g) => g.id === 'client-a')!.totals.sessions).toBe(n / 2)
  })
})

describe('the month files', () => {
  const file = (month = '2026-12') => join(estimatesDir(dataDir), `${month}.json`)

  it('are one private file a month, and a forged flood of sessions keeps each small', async () => {
    const store = fileEstimatesStore(dataDir)
    for (let i = 0; i < 2 * MAX_SESSIONS; i++) await store.record(session(`forged-${i}-${'x'.repeat(40)}`, 100_000, { at: i }))
    await store.record(session('jan', 1, { day: '2027-01-02' }))
    expect(
      readdirSync(estimatesDir(dataDir))
        .filter((f) => f.endsWith('.json'))
        .sort(),
    ).toEqual(['2026-12.json', '2027-01.json'])
    expect(statSync(file()).mode & 0o777).toBe(0o600)
    expect(statSync(estimatesDir(dataDir)).mode & 0o777).toBe(0o700)
    expect(statSync(file()).size).toBeLessThan(MAX_SESSIONS * 200)
    const sum = await total(fileEstimatesStore(dataDir), 'profile', '2026-12-01', '2026-12-31')
    expect(sum.total).toEqual({ cost: String(2 * MAX_SESSIONS * 100_000), sessions: 2 * MAX_SESSIONS })
  })

  it('are not read or written through a link, and a damaged one is left as it is and named', async () => {
    const store = fileEstimatesStore(dataDir)
    await store.record(session('s1', 1))
    const elsewhere = join(dataDir, 'elsewhere.json')
    writeFileSync(elsewhere, readFileSync(file()), { mode: 0o600 })
    rmSync(file())
    symlinkSync(elsewhere, file())
    expect(await store.record(session('s1', 2))).toBe('skipped')
    expect(() => readMonthFile(dataDir, '2026-12')).toThrow(/link/)
    rmSync(file())
    writeFileSync(file(), '{"version":1,"month":"2026-12","sessions":[', { mode: 0o600 })
    expect(await store.record(session('s1', 2))).toBe('skipped')
    expect(readFileSync(file(), 'utf8')).toBe('{"version":1,"month":"2026-12","sessions":[')
    expect(() => readMonthFile(dataDir, '2026-12')).toThrow(/2026-12\.json is damaged \(it is not JSON\); move it aside/)
    writeFileSync(file(), 'x'.repeat(MONTH_FILE_MAX_BYTES + 1), { mode: 0o600 })
    expect(() => readMonthFile(dataDir, '2026-12')).toThrow()
  })

  it('drop an edited entry that is not what Keyward writes, and keep the rest', async () => {
    const good = { id: 'ok', day: '2026-12-02', profile: 'p', project: null, cost: '1.5', at: 1 }
    const entries = [
      good,
      { ...good, id: 'neg', cost: '-1' },
      { ...good, id: 'float', cost: 1e300 },
      { ...good, id: 'absurd', cost: '99999999999' },
      { ...good, id: 'other-month', day: '2026-11-02' },
      { ...good, id: 'bad id!' },
      { ...good, id: 'ok', cost: '7' },
      null,
    ]
    await fileEstimatesStore(dataDir).record(session('seed', 1))
    writeFileSync(file(), JSON.stringify({ version: 1, month: '2026-12', sessions: entries, folded: [{ day: '2026-12-02', profile: 'p', project: null, cost: '2', sessions: 0 }] }), { mode: 0o600 })
    const month = readMonthFile(dataDir, '2026-12')
    expect(month.sessions.map((s) => [s.sessionId, s.micro])).toEqual([['ok', 150_000_000n]])
    expect(month.folded).toEqual([])
  })

  it('lose no update when many status lines record at once', async () => {
    const writers = Array.from({ length: 12 }, (_, i) => fileEstimatesStore(dataDir).record(session(`c${i}`, 1 + i)))
    const outcomes = await Promise.all(writers)
    const sum = await total(fileEstimatesStore(dataDir))
    // Every one that says it recorded is there; one that gave up waiting says so (the next run records it).
    expect(sum.total.sessions).toBe(outcomes.filter((o) => o === 'recorded').length)
    expect(outcomes.filter((o) => o === 'recorded').length).toBeGreaterThan(0)
  })

  it("wait for another process's lock, and give up (without writing) when it is held too long", async () => {
    const lock = join(estimatesDir(dataDir), '2026-12.lock')
    await fileEstimatesStore(dataDir).record(session('first', 1))
    // Held until released (not for a fixed time, which a loaded machine could stretch past the wait).
    let release: (() => void) | undefined
    const held = withMonthLock(lock, () => new Promise<string>((done) => (release = () => done('held'))))
    expect(release).toBeDefined()
    const recording = fileEstimatesStore(dataDir).record(session('second', 2))
    await new Promise((done) => setTimeout(done, 20))
    expect((await total(fileEstimatesStore(dataDir))).total.sessions).toBe(1)
    release!()
    expect(await held).toBe('held')
    expect(await recording).toBe('recorded')
    // Held by a process that runs (this one): waited for, then given up.
    writeFileSync(lock, String(process.pid))
    expect(await withMonthLock(lock, async () => 'never', 50)).toBeNull()
    // Left behind by a process that no longer runs: broken, whatever the clocks say.
    const gone = spawnSync(process.execPath, ['-e', '0']).pid!
    writeFileSync(lock, String(gone))
    expect(await withMonthLock(lock, async () => 'taken', 50)).toBe('taken')
    expect(existsSync(lock)).toBe(false)
    expect((await total(fileEstimatesStore(dataDir))).total.sessions).toBe(2)
  })
})
