import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { UsageRow } from '../usage-row'
import { MIGRATIONS } from './schema'
import { sqlite } from './sqlite-module'
import { commitRows } from './store.test-support'
import { usageDbPath } from './usage-db'
import { createUsageStore, type UsageStore } from './usage-store'
import { UsageView } from './usage-view'
import type { Totals } from './totals'

const DAY0 = Date.parse('2026-09-01T00:00:00Z') / 3_600_000
const DAYS = 60

let dir: string
let store: UsageStore
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'keyward-sums-'))
  store = createUsageStore(dir)
})
afterEach(() => {
  store.close()
  rmSync(dir, { recursive: true, force: true })
})

/** A seeded generator (tests must not depend on Math.random). */
function random(seed: number): (n: number) => number {
  let s = seed
  return (n) => {
    s = (s * 1103515245 + 12345) % 2 ** 31
    return s % n
  }
}

function rowsFor(rand: (n: number) => number, kind: 'daily' | 'hourly', fromHour: number, toHour: number): UsageRow[] {
  const step = kind === 'daily' ? 24 : 1
  const rows: UsageRow[] = []
  for (let h = fromHour; h < toHour; h += step) {
    for (let k = 0; k < 6; k++) {
      // Some series skip buckets, some start late, one cost passes 2^53 micro-cents.
      if (rand(3) === 0) continue
      const cost = k === 5 && rand(20) === 0 ? 2n ** 53n + BigInt(rand(1000)) : BigInt(rand(5_000_000)) - 1_000n
      rows.push({
        startHour: h,
        apiKeyId: `k${k}`,
        workspaceId: 'w',
        model: `m${k % 2}`,
        actorId: k % 3 === 0 ? '' : `u${k % 3}`,
        numbers: [rand(900), rand(9), 0, rand(90), rand(500), 1 + rand(3)],
        costMicro: cost,
      })
    }
  }
  return rows
}

const plain = (m: Map<number, Totals>): Record<number, string> => Object.fromEntries([...m].map(([s, t]) => [s, `${[...t.numbers].join(',')}|${t.cost}`]))

/** Every range the view answers from running sums equals the sum of its rows. */
function expectSumsEqualRows(rand: (n: number) => number, ranges: number): void {
  const view = new UsageView(store.db()!, store.org('org_a')!)
  for (let i = 0; i < ranges; i++) {
    const a = view.dataFromHour + rand(view.syncedToHour - view.dataFromHour + 1)
    const b = a + rand(view.syncedToHour - a + 24)
    const only = rand(3) === 0 ? [rand(view.series.length)] : null
    expect(plain(view.totalsBySeries(a, b, only)), `hours [${a}, ${b}) of ${only ?? 'every series'}`).toEqual(plain(view.totalsFromRows(a, b, only)))
  }
}

/** Daily charts of a few series from running sums at each edge equal the same charts summed from the rows. */
function expectBucketsEqualRows(rand: (n: number) => number, charts: number): void {
  const view = new UsageView(store.db()!, store.org('org_a')!)
  for (let i = 0; i < charts; i++) {
    const edges = [view.dataFromHour - 24 + rand(view.syncedToHour - view.dataFromHour + 48)]
    for (let e = rand(12); e >= 0; e--) edges.push(edges[edges.length - 1]! + 1 + rand(60))
    // Chart edges are local midnights snapped to the store's resolution (dayEdges), as here.
    const snapped = [...new Set(edges.map((h) => view.snap(h * 3_600_000)))]
    edges.splice(0, edges.length, ...snapped)
    if (edges.length < 2) continue
    const only = [rand(view.series.length)]
    if (rand(2) === 0) only.push((only[0]! + 1) % view.series.length)
    const groupOf = (s: number): number => (s === only[0] ? 0 : 1)
    const cells = (c: ReturnType<UsageView['bucketsByGroup']>) => Array.from({ length: 2 * (edges.length - 1) }, (_, k) => `${[...c.totalsOf(k).numbers].join(',')}|${c.totalsOf(k).cost}`)
    expect(cells(view.bucketsByGroup(edges, 2, groupOf, only)), `edges ${edges.join(' ')} of ${only}`).toEqual(cells(view.bucketsFromRows(edges, 2, groupOf, only)))
  }
}

/** The per-actor costs a trend reads equal the same trend summed from the rows of each actor's series. */
function expectActorCostsEqualRows(rand: (n: number) => number, charts: number): void {
  const view = new UsageView(store.db()!, store.org('org_a')!)
  const actors = [...new Set(view.series.map((s) => s.actorId))]
  for (let i = 0; i < charts; i++) {
    const edges = [...new Set([0, 1, 2, 3, 4, 5].map(() => view.snap((view.dataFromHour - 24 + rand(view.syncedToHour - view.dataFromHour + 48)) * 3_600_000)))].sort((a, b) => a - b)
    if (edges.length < 2) continue
    const picked = actors.filter(() => rand(2) === 0)
    const fromActors = view.costsByActor(edges, picked)
    const fromRows = view.bucketsFromRows(edges, picked.length, (s) => picked.indexOf(view.series[s]!.actorId), null, true)
    const costs = (c: ReturnType<UsageView['costsByActor']>) => Array.from({ length: picked.length * (edges.length - 1) }, (_, k) => c.costOf(k))
    expect(costs(fromActors), `edges ${edges.join(' ')} of ${picked.join(',')}`).toEqual(costs(fromRows))
  }
}

describe('running sums and actor costs', () => {
  it('answer every range as the rows do, through out-of-order windows, revisions and a new hourly window', () => {
    const rand = random(11)
    const end = DAY0 + DAYS * 24
    const daily = (from: number, to: number) => ({ kind: 'daily' as const, fromHour: from, toHour: to, rows: rowsFor(rand, 'daily', from, to) })
    // The newest days first (as a first sync may), then older ones, then a revision of a middle window.
    commitRows(store, 'org_a', { orgName: 'A', add: [daily(DAY0 + 31 * 24, end)] })
    commitRows(store, 'org_a', { orgName: 'A', add: [daily(DAY0, DAY0 + 31 * 24)] })
    commitRows(store, 'org_a', { orgName: 'A', add: [{ kind: 'hourly', fromHour: end - 48, toHour: end + 5, rows: rowsFor(rand, 'hourly', end - 48, end + 5) }] })
    expectSumsEqualRows(rand, 150)
    commitRows(store, 'org_a', { orgName: 'A', add: [daily(DAY0 + 20 * 24, DAY0 + 40 * 24)] })
    commitRows(store, 'org_a', { orgName: 'A', add: [{ kind: 'hourly', fromHour: end - 24, toHour: end + 30, rows: rowsFor(rand, 'hourly', end - 24, end + 30) }] })
    expectSumsEqualRows(rand, 150)
    expectBucketsEqualRows(rand, 100)
    expectActorCostsEqualRows(rand, 60)
  })

  it('carry a series across days it has no rows and days never fetched', () => {
    const rand = random(5)
    commitRows(store, 'org_a', { orgName: 'A', add: [{ kind: 'daily', fromHour: DAY0, toHour: DAY0 + 5 * 24, rows: rowsFor(rand, 'daily', DAY0, DAY0 + 5 * 24) }] })
    // Ten days later, after a gap no window covered.
    commitRows(store, 'org_a', { orgName: 'A', add: [{ kind: 'daily', fromHour: DAY0 + 15 * 24, toHour: DAY0 + 20 * 24, rows: rowsFor(rand, 'daily', DAY0 + 15 * 24, DAY0 + 20 * 24) }] })
    expectSumsEqualRows(rand, 100)
    expectBucketsEqualRows(rand, 60)
  })

  it('build a point of more series than are read at once', () => {
    const rows: UsageRow[] = []
    for (let d = 0; d < 3; d++) {
      for (let k = 0; k < 5_000; k++) {
        rows.push({ startHour: DAY0 + d * 24, apiKeyId: `k${k}`, workspaceId: 'w', model: 'm', actorId: '', numbers: [k, 0, 0, 1, d, 1], costMicro: BigInt(k * 7 + d) })
      }
    }
    commitRows(store, 'org_a', { orgName: 'A', add: [{ kind: 'daily', fromHour: DAY0, toHour: DAY0 + 3 * 24, rows }] })
    const view = new UsageView(store.db()!, store.org('org_a')!)
    const sums = view.totalsBySeries(DAY0, DAY0 + 3 * 24)
    expect(sums.size).toBe(5_000)
    expect(plain(sums)).toEqual(plain(view.totalsFromRows(DAY0, DAY0 + 3 * 24)))
  })

  it.each([2, 3])('are built from the rows of a database written before they were packed (schema %i)', (version) => {
    store.close()
    const { DatabaseSync } = sqlite()
    const old = new DatabaseSync(usageDbPath(dir))
    for (const step of MIGRATIONS.slice(0, version)) {
      if (typeof step === 'string') old.exec(step)
      else step(old)
    }
    old.exec(`PRAGMA user_version = ${version}`)
    old.exec("INSERT INTO orgs (id, org_id, name, hourly_from_hour, synced_to_hour) VALUES (1, 'org_a', 'A', 0, 0)")
    old.exec(`INSERT INTO series (id, org, api_key_id, workspace_id, model, actor_id, product) VALUES (1, 1, 'k1', 'w', 'm', '', ''), (2, 1, 'k2', 'w', 'm', '', '')`)
    const put = old.prepare('INSERT INTO usage VALUES (1, 0, ?, ?, 1, 0, 0, 0, 2, 1, ?)')
    for (let d = 0; d < 10; d++) put.run(DAY0 + d * 24, 1 + (d % 2), 100 + d)
    old.exec(`INSERT INTO fetched_days (org, day, fetched_at) VALUES (1, ${DAY0 / 24}, 'x')`)
    old.exec(`UPDATE orgs SET hourly_from_hour = ${DAY0 + 10 * 24}, synced_to_hour = ${DAY0 + 10 * 24}`)
    old.close()
    store = createUsageStore(dir)
    store.stage() // opens the database for writing, which migrates it
    const view = new UsageView(store.db()!, store.org('org_a')!)
    const sums = view.totalsBySeries(DAY0 + 24, DAY0 + 10 * 24)
    expect(plain(sums)).toEqual(plain(view.totalsFromRows(DAY0 + 24, DAY0 + 10 * 24)))
    expect([...sums.values()].reduce((c, t) => c + t.cost, 0n)).toBe(BigInt([1, 2, 3, 4, 5, 6, 7, 8, 9].reduce((c, d) => c + 100 + d, 0)))
    const tables = store.db()!.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'usage_%' ORDER BY name").all()
    expect(tables.map((t) => t.name)).toEqual(['usage_points'])
  })
})
