import { lstatSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { UsageRow } from '../usage-row'
import { commitRows, dumpUsage, storedCost } from './store.test-support'
import { createUsageStore, type UsageStore } from './usage-store'
import { UsageView } from './usage-view'

const DAY0 = Date.parse('2026-11-01T00:00:00Z') / 3_600_000
const row = (startHour: number, apiKeyId: string, costMicro: bigint, actorId = ''): UsageRow => ({
  startHour,
  apiKeyId,
  workspaceId: 'wrk_1',
  model: 'm',
  actorId,
  numbers: [1, 0, 0, 0, 2, 1],
  costMicro,
})

let dir: string
let store: UsageStore

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'keyward-store-'))
  store = createUsageStore(dir)
})
afterEach(() => {
  store.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('the usage store', () => {
  it('creates usage.db 0600 only when something is written; reads as empty before', () => {
    expect(store.orgs()).toEqual([])
    expect(() => lstatSync(join(dir, 'usage.db'))).toThrow()
    commitRows(store, 'org_a', { orgName: 'A', add: [{ kind: 'daily', fromHour: DAY0, toHour: DAY0 + 24, rows: [row(DAY0, 'k1', 5n)] }] })
    expect(statSync(join(dir, 'usage.db')).mode & 0o777).toBe(0o600)
    expect(store.orgs()).toEqual([{ id: 'org_a', name: 'A' }])
  })

  it('replaces a window whole in one commit: the old rows of those days go, the others stay', () => {
    commitRows(store, 'org_a', { orgName: 'A', add: [{ kind: 'daily', fromHour: DAY0, toHour: DAY0 + 48, rows: [row(DAY0, 'k1', 5n), row(DAY0 + 24, 'k1', 7n)] }] })
    commitRows(store, 'org_a', { orgName: 'A', add: [{ kind: 'daily', fromHour: DAY0 + 24, toHour: DAY0 + 48, rows: [row(DAY0 + 24, 'k2', 11n)] }] })
    expect(storedCost(store, 'org_a', 'daily', DAY0, DAY0 + 24)).toBe(5n)
    expect(storedCost(store, 'org_a', 'daily', DAY0 + 24, DAY0 + 48)).toBe(11n)
    expect([...store.fetchedDays('org_a').keys()].sort()).toEqual([DAY0 / 24, DAY0 / 24 + 1])
    // The per-bucket totals the tray reads follow the replacement.
    expect(new UsageView(store.db()!, store.org('org_a')!).totalCost(DAY0, DAY0 + 48)).toBe(16n)
  })

  it('sums rows with the same group (null actors the server cannot render), never keeps one of them', () => {
    commitRows(store, 'org_a', { orgName: 'A', add: [{ kind: 'daily', fromHour: DAY0, toHour: DAY0 + 24, rows: [row(DAY0, 'k1', 5n), row(DAY0, 'k1', 7n), row(DAY0, '', 3n), row(DAY0, '', 4n)] }] })
    expect(storedCost(store, 'org_a', 'daily', DAY0, DAY0 + 24)).toBe(19n)
    expect(dumpUsage(store, 'org_a')).toHaveLength(2)
  })

  it('leaves the store exactly as it was when a window commit fails', () => {
    commitRows(store, 'org_a', { orgName: 'A', add: [{ kind: 'daily', fromHour: DAY0, toHour: DAY0 + 24, rows: [row(DAY0, 'k1', 5n)] }] })
    const before = dumpUsage(store, 'org_a')
    const days = [...store.fetchedDays('org_a')]
    const stage = store.stage()
    stage.page((add) => add.cost(DAY0, { apiKeyId: 'k9', workspaceId: 'w', model: 'm', actorId: '', product: '' }, 1n))
    // A second writer holds the lock past the busy timeout's reach: simulate the failure inside the transaction instead.
    const db = store.db()!
    db.exec("CREATE TEMP TRIGGER fail_insert BEFORE INSERT ON main.usage BEGIN SELECT RAISE(ABORT, 'disk full'); END")
    expect(() =>
      store.commitWindow('org_a', { kind: 'daily', fromHour: DAY0, toHour: DAY0 + 24 }, stage, { orgName: 'A', watermark: '2026-11-02T00:00:00Z', fetchedAt: '2026-11-02T00:00:00Z' }),
    ).toThrow(/disk full/)
    db.exec('DROP TRIGGER fail_insert')
    expect(dumpUsage(store, 'org_a')).toEqual(before)
    expect([...store.fetchedDays('org_a')]).toEqual(days)
    expect(store.org('org_a')?.dataRefreshedAt).toBeNull()
  })

  it('keeps money exact past 2^53 micro-cents', () => {
    const big = 2n ** 60n
    commitRows(store, 'org_a', { orgName: 'A', add: [{ kind: 'daily', fromHour: DAY0, toHour: DAY0 + 48, rows: [row(DAY0, 'k1', big), row(DAY0 + 24, 'k1', 3n)] }] })
    expect(storedCost(store, 'org_a', 'daily', DAY0, DAY0 + 48)).toBe(big + 3n)
  })

  it('is shared by two connections: a commit in one is read by the other', () => {
    const other = createUsageStore(dir)
    try {
      commitRows(store, 'org_a', { orgName: 'A', add: [{ kind: 'daily', fromHour: DAY0, toHour: DAY0 + 24, rows: [row(DAY0, 'k1', 5n)] }] })
      expect(storedCost(other, 'org_a', 'daily', DAY0, DAY0 + 24)).toBe(5n)
      commitRows(other, 'org_a', { orgName: 'A', add: [{ kind: 'daily', fromHour: DAY0, toHour: DAY0 + 24, rows: [row(DAY0, 'k1', 8n)] }] })
      expect(storedCost(store, 'org_a', 'daily', DAY0, DAY0 + 24)).toBe(8n)
      expect(store.revision('org_a')).toBe(other.revision('org_a'))
    } finally {
      other.close()
    }
  })

  it('refuses a link, a FIFO-like non-file and never follows them', () => {
    const victim = join(dir, 'victim')
    writeFileSync(victim, 'precious')
    symlinkSync(victim, join(dir, 'usage.db'))
    expect(() => store.orgs()).toThrow(/usage\.db is a symbolic link/)
    expect(() => store.commitMeta('org_a', { orgName: 'A' })).toThrow(/usage\.db is a symbolic link/)
    rmSync(join(dir, 'usage.db'))
    const sub = join(dir, 'usage.db')
    rmSync(sub, { force: true })
    mkdirSync(sub)
    expect(() => createUsageStore(dir).orgs()).toThrow(/usage\.db is a directory, not a regular file/)
  })

  it('records the newest watermark, never moving it back', () => {
    const w = { kind: 'daily' as const, fromHour: DAY0, toHour: DAY0 + 24 }
    commitRows(store, 'org_a', { orgName: 'A', add: [{ ...w, rows: [] }], watermark: '2026-11-02T10:00:00.000Z' })
    commitRows(store, 'org_a', { orgName: 'A', add: [{ ...w, rows: [] }], watermark: '2026-11-02T08:00:00.000Z' })
    expect(store.org('org_a')?.dataRefreshedAt).toBe('2026-11-02T10:00:00.000Z')
    expect(store.fetchedDays('org_a').get(DAY0 / 24)?.watermark).toBe('2026-11-02T08:00:00.000Z')
  })
})
