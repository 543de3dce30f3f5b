import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createConfigStore } from '../../electron/core/platform/config/config-store'
import { createUsageStore } from '../../electron/core/usage/store/usage-store'
import { prng } from './support/fake-keys'
import { figureSheet } from './support/figures'
import { createWriterBundle, runWriterAndKill } from './support/kill-writer'

/*
 * Crash safety: a child loops over real config-store and usage-store writes; the test kills it
 * with SIGKILL at random moments, 100 times for each store. After every kill the files must parse
 * with the real readers, hold the last acknowledged state or the one being written, and have lost
 * nothing: every binding and profile, every cached segment is still there.
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

  it(`keeps the usage cache whole across ${CYCLES_PER_STORE} kills`, async () => {
    const home = join(work, 'cache-home')
    const store = createUsageStore(home)
    const problems: string[] = []
    let before = 0
    let kills = 0
    for (let cycle = 0; cycle < CYCLES_PER_STORE; cycle++) {
      const { acked, killed } = await runAndKill('cache', home)
      if (killed) kills++
      const manifest = await store.manifest('org_crash')
      if (!manifest) {
        problems.push(`cycle ${cycle}: the manifest is missing or was set aside as unreadable`)
        continue
      }
      const n = manifest.generation
      if (n !== acked && n !== acked + 1) problems.push(`cycle ${cycle}: generation ${n} after ${acked} acknowledged commits`)
      if (n < before || manifest.segments.length !== n) problems.push(`cycle ${cycle}: ${manifest.segments.length} segments at generation ${n} (before: ${before})`)
      for (const ref of manifest.segments) {
        try {
          const columns = await store.segment('org_crash', ref)
          if (!columns) problems.push(`cycle ${cycle}: segment ${ref.file} decodes to nothing`)
        } catch (error) {
          problems.push(`cycle ${cycle}: segment ${ref.file} unreadable: ${(error as Error).message}`)
        }
      }
      before = n
    }
    const orgDir = join(home, 'usage', 'org_crash')
    const unreadable = existsSync(orgDir) ? readdirSync(orgDir).filter((f) => f.includes('unreadable')) : []
    sheet.set('cache: kill -9 cycles', CYCLES_PER_STORE)
    sheet.set('cache: commits acknowledged before the kills', before)
    sheet.set('cache: manifests or segments unreadable, or segments lost', problems.length)
    sheet.set('cache: manifests set aside as unreadable (expected 0)', unreadable.length)
    expect(problems.slice(0, 10)).toEqual([])
    expect(unreadable).toEqual([])
    expect(kills).toBeGreaterThan(CYCLES_PER_STORE * 0.9)
    expect(before).toBeGreaterThanOrEqual(CYCLES_PER_STORE)
  }, 180_000)
})
