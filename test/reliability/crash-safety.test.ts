import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createConfigStore } from '../../electron/core/platform/config/config-store'
import { dumpUsage } from '../../electron/core/usage/store/store.test-support'
import { createUsageStore } from '../../electron/core/usage/store/usage-store'
import { prng } from './support/fake-keys'
import { figureSheet } from './support/figures'
import { createWriterBundle, runWriterAndKill } from './support/kill-writer'

/*
 * Crash safety: a child loops over real config-store and usage-store writes; the test kills it
 * with SIGKILL at random moments, 100 times for each store. After every kill the files must parse
 * with the real readers, hold the last acknowledged state or the one being written, and have lost
 * nothing: every binding and profile, every committed usage window is still there, and
 * the usage database passes SQLite's integrity check.
 */

const CYCLES_PER_STORE = 100
const SEED = 424_242
const sheet = figureSheet('crash-safety', 'Crash safety (kill -9 during writes)')

describe('kill -9 during config and cache writes', () => {
  let work: string
  let writer: string
  const random = prng(SEED)

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'keyward-rel-crash-'))
    writer = await createWriterBundle(work, 'crash-writer')
  }, 60_000)

  afterAll(() => {
    sheet.write()
    rmSync(work, { recursive: true, force: true })
  })

  /** Runs the writer until it has acknowledged one write, then kills it after a random 0-40 ms; returns the last acknowledged number. */
  function runAndKill(mode: 'config' | 'cache', dataDir: string): Promise<{ acked: number; killed: boolean }> {
    return runWriterAndKill({ writer, args: [mode, dataDir, 'cr-base'], random, maxDelayMs: 40, hardStopMs: 15_000, label: 'writer' })
  }

  it(`keeps config.json whole across ${CYCLES_PER_STORE} kills`, async () => {
    const home = join(work, 'config-home')
    const store = createConfigStore(home)
    await store.update((c) => ({
      ...c,
      profiles: ['cr-base', 'cr-other'].map((name) => ({ name, kind: 'api' as const, hint: 'sk-ant-api03-xx…xxAA', tags: [], createdAt: '2026-01-01T00:00:00.000Z', rotatedAt: null })),
      defaultProfile: 'cr-base',
    }))
    const problems: string[] = []
    let before = 0
    let kills = 0
    let torn = 0
    for (let cycle = 0; cycle < CYCLES_PER_STORE; cycle++) {
      const { acked, killed } = await runAndKill('config', home)
      if (killed) kills++
      const raw = readFileSync(join(home, 'config.json'), 'utf8')
      try {
        JSON.parse(raw)
      } catch {
        problems.push(`cycle ${cycle}: config.json is not JSON`)
        continue
      }
      const config = await store.read()
      const n = config.bindings.length
      if (n !== acked && n !== acked + 1) problems.push(`cycle ${cycle}: ${n} bindings after ${acked} acknowledged writes`)
      if (n < before) problems.push(`cycle ${cycle}: bindings went from ${before} to ${n}`)
      if (n === acked + 1) torn++
      const expected = Array.from({ length: n }, (_, i) => `/crash/${i + 1}`)
      if (JSON.stringify(config.bindings.map((b) => b.directory)) !== JSON.stringify(expected)) problems.push(`cycle ${cycle}: a binding is missing or out of order`)
      if (config.profiles.map((p) => p.name).join() !== 'cr-base,cr-other' || config.defaultProfile !== 'cr-base') problems.push(`cycle ${cycle}: a profile or the default was lost`)
      before = n
    }
    const leftovers = readdirSync(home).filter((f) => f.includes('corrupt'))
    // One more write after the last kill must work (a lock left by a killed writer is broken, not waited on forever).
    const after = await store.update((c) => c)
    sheet.set('config: kill -9 cycles', CYCLES_PER_STORE)
    sheet.set('config: writes acknowledged before the kills', before)
    sheet.set('config: kills that landed with a write in flight that then turned out committed', torn)
    sheet.set('config: files that did not parse, lost bindings or profiles', problems.length)
    sheet.set('config: corrupt-file backups made (expected 0)', leftovers.length)
    expect(problems.slice(0, 10)).toEqual([])
    expect(leftovers).toEqual([])
    expect(after.bindings.length).toBe(before)
    expect(kills).toBeGreaterThan(CYCLES_PER_STORE * 0.9)
    expect(before).toBeGreaterThanOrEqual(CYCLES_PER_STORE)
  }, 180_000)

  it(`keeps the usage database whole across ${CYCLES_PER_STORE} kills`, async () => {
    const home = join(work, 'cache-home')
    const store = createUsageStore(home)
    const problems: string[] = []
    let before = 0
    let kills = 0
    for (let cycle = 0; cycle < CYCLES_PER_STORE; cycle++) {
      const { acked, killed } = await runAndKill('cache', home)
      if (killed) kills++
      store.close() // a fresh connection each cycle, as the next process would open it
      let n: number
      try {
        const db = store.db()
        const integrity = db?.prepare('PRAGMA integrity_check').get() as { integrity_check: string } | undefined
        if (integrity?.integrity_check !== 'ok') problems.push(`cycle ${cycle}: integrity_check says ${integrity?.integrity_check ?? 'no database'}`)
        n = store.fetchedDays('org_crash').size
        const rows = dumpUsage(store, 'org_crash')
        if (rows.length !== n) problems.push(`cycle ${cycle}: ${rows.length} usage rows for ${n} committed windows`)
        const costs = rows.map((r) => BigInt(r.split('|').at(-1)!)).sort((a, b) => (a < b ? -1 : 1))
        if (costs.some((c, i) => c !== BigInt(i + 1) * 1000n)) problems.push(`cycle ${cycle}: a committed window lost or changed its row`)
      } catch (error) {
        problems.push(`cycle ${cycle}: the store could not be opened or read: ${(error as Error).message}`)
        continue
      }
      if (n !== acked && n !== acked + 1) problems.push(`cycle ${cycle}: ${n} windows after ${acked} acknowledged commits`)
      if (n < before) problems.push(`cycle ${cycle}: windows went from ${before} to ${n}`)
      before = n
    }
    store.close()
    const unreadable = readdirSync(home).filter((f) => f.includes('unreadable'))
    sheet.set('cache: kill -9 cycles', CYCLES_PER_STORE)
    sheet.set('cache: commits acknowledged before the kills', before)
    sheet.set('cache: databases unreadable, or committed windows lost', problems.length)
    sheet.set('cache: databases set aside as unreadable (expected 0)', unreadable.length)
    expect(problems.slice(0, 10)).toEqual([])
    expect(unreadable).toEqual([])
    expect(kills).toBeGreaterThan(CYCLES_PER_STORE * 0.9)
    expect(before).toBeGreaterThanOrEqual(CYCLES_PER_STORE)
  }, 180_000)
})
