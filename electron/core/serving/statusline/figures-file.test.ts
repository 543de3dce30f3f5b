import { chmodSync, mkdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { systemTimeZone } from '../../../../shared/calendar'
import { maskKey } from '../../../../shared/keys.schema'
import { statuslineText, parseStatuslineArgs } from '../../../cli/fast/statusline'
import type { CliIO } from '../../../cli/io'
import { parseServingConfig } from '../../platform/config/serving-config'
import { type UsageTestKit, startUsageTestKit } from '../../usage/usage.test-support'
import { FIGURES_FILE, figuresEntryKey, readStatuslineFigures, writeStatuslineFigures } from './figures-file'
import { createFiguresRefresher } from './figures-refresher'
import { localZoneWithoutIntl } from './local-zone'
import { readBudgets } from './spend-sums'

/*
 * The status line's figures file against the store it stands in for: over the same synced cache, the
 * line must be the same whichever it read, and the file must be passed over whenever anything it was
 * computed from changed.
 */

const NOW = new Date('2026-04-20T15:30:00Z')
const TZ = 'Pacific/Auckland'
const LOCALE = 'en-US'
let kit: UsageTestKit
let bound = ''
let unboundSecret = ''

const io = (cwd: string): CliIO => ({ stdout: { write: () => true }, stderr: { write: () => true }, stdin: new PassThrough(), env: { KEYWARD_HOME: kit.dataDir }, cwd })
const file = () => join(kit.dataDir, FIGURES_FILE)

/** The line without its memo (each call computes), in TZ unless told. */
async function line(at: Date = NOW, args: string[] = [], timeZone = TZ): Promise<string> {
  rmSync(join(kit.dataDir, 'statusline-memo.json'), { force: true })
  return statuslineText(parseStatuslineArgs(args, {}), io(bound), '', { readInput: async () => '', now: () => at, timeZone, locale: LOCALE })
}

const config = () => parseServingConfig(readFileSync(join(kit.dataDir, 'config.json'), 'utf8'))!
const context = (at: Date = NOW, timeZone = TZ) => ({ config: config(), budgets: readBudgets(kit.dataDir), now: at, timeZone })

/** Rewrites one stored figure, so a line that shows it must have read the file. */
function plantToday(micro: string): void {
  const json = JSON.parse(readFileSync(file(), 'utf8')) as { entries: Record<string, { today: string }> }
  json.entries[figuresEntryKey('client-a', bound)]!.today = micro
  writeFileSync(file(), JSON.stringify(json), { mode: 0o600 })
}

beforeAll(async () => {
  kit = await startUsageTestKit({ emulator: { seed: 5, keys: 8, days: 40, now: () => NOW }, now: () => NOW })
  await kit.sync.syncNow()
  bound = join(realpathSync(kit.dataDir), 'projects', 'bound')
  mkdirSync(bound, { recursive: true })
  const [used, other] = kit.emulator.state.apiKeys.map((k) => k.secret)
  unboundSecret = other!
  const profile = (name: string, secret: string) => ({ name, kind: 'api', hint: maskKey(secret), tags: [], createdAt: '2026-01-01T00:00:00.000Z', rotatedAt: null })
  const cfg = {
    version: 1,
    profiles: [profile('client-a', used!)],
    defaultProfile: null,
    bindings: [{ directory: bound, profile: 'client-a', createdAt: '2026-01-01T00:00:00.000Z' }],
    allowedProjects: [],
  }
  writeFileSync(join(kit.dataDir, 'config.json'), JSON.stringify(cfg), { mode: 0o600 })
}, 60_000)

afterAll(async () => kit?.close())

beforeEach(() => {
  rmSync(file(), { force: true })
  rmSync(join(kit.dataDir, 'budgets.json'), { force: true })
})

describe("the status line's figures file", () => {
  it('gives the same line as the store, and is what the line reads while it is current', async () => {
    const fromStore = await line()
    expect(fromStore).toMatch(/^client-a · \$[\d.,]+ today · \$[\d.,]+ this month/)
    expect(await writeStatuslineFigures(kit.dataDir, context())).toBe(true)
    expect(statSync(file()).mode & 0o777).toBe(0o600)
    expect(await line()).toBe(fromStore)
    plantToday('123450000')
    expect(await line()).toBe(fromStore.replace(/\$[\d.,]+ today/, '$1.23 today'))
  })

  it('gives the same line for the budget field, with the same stale rule and "data as of" hours later', async () => {
    const budgets = { version: 1, budgets: [{ id: 'bud_a', scope: { type: 'profile', orgId: 'emu', profile: 'client-a' }, period: 'month', limit: '0.50', thresholds: [50, 80] }], fired: {} }
    writeFileSync(join(kit.dataDir, 'budgets.json'), JSON.stringify(budgets), { mode: 0o600 })
    const later = new Date(NOW.getTime() + 3 * 3_600_000)
    const all = ['--fields', 'profile,today,month,projection,budget,shared,stale']
    const fromStore = [await line(NOW, all), await line(later, all)]
    expect(fromStore[0]).toMatch(/ (budget|\d+%)/)
    expect(fromStore[1]!.endsWith(' · stale: data as of 3:00 AM')).toBe(true)
    await writeStatuslineFigures(kit.dataDir, context())
    plantToday('123450000')
    // Planted, so a match below is the file's; hours later (the same day in TZ) it still answers, and the line says it is stale.
    expect(await line(NOW, all)).toBe(fromStore[0]!.replace(/\$[\d.,]+ today/, '$1.23 today'))
    expect(await line(later, all)).toBe(fromStore[1]!.replace(/\$[\d.,]+ today/, '$1.23 today'))
  })

  it('is passed over when the store, the day, the zone, the bindings or the budgets changed since it was written', async () => {
    const fromStore = await line()
    const at = NOW
    await writeStatuslineFigures(kit.dataDir, context(at))
    plantToday('123450000')
    expect(await line()).toContain('$1.23 today')
    // Another zone, or the next day there: the store answers.
    expect(readStatuslineFigures(kit.dataDir, 'client-a', bound, context(at, 'UTC'))).toBeNull()
    expect(readStatuslineFigures(kit.dataDir, 'client-a', bound, context(new Date(at.getTime() + 24 * 3_600_000)))).toBeNull()
    // A budget added, or another profile bound: the figures were not computed with it.
    writeFileSync(
      join(kit.dataDir, 'budgets.json'),
      JSON.stringify({ version: 1, budgets: [{ id: 'b', scope: { type: 'org', orgId: 'emu' }, period: 'day', limit: '1', thresholds: [50] }], fired: {} }),
      { mode: 0o600 },
    )
    expect(readStatuslineFigures(kit.dataDir, 'client-a', bound, context(at))).toBeNull()
    rmSync(join(kit.dataDir, 'budgets.json'))
    const changed = { ...config(), profiles: [...config().profiles, { ...config().profiles[0]!, name: 'other', hint: maskKey(unboundSecret) }] }
    expect(readStatuslineFigures(kit.dataDir, 'client-a', bound, { ...context(at), config: changed })).toBeNull()
    // A write to the store (a sync) since: the store answers, with its own figures.
    expect(await line()).toContain('$1.23 today')
    kit.store.commitMeta('emu', { orgName: 'Emulated org', lastSyncedAt: NOW.toISOString() })
    expect(await line()).toBe(fromStore)
  })

  it('is not read when it is a link, another mode than private, or damaged', async () => {
    const fromStore = await line()
    await writeStatuslineFigures(kit.dataDir, context())
    plantToday('123450000')
    const planted = readFileSync(file(), 'utf8')
    rmSync(file())
    writeFileSync(`${file()}.elsewhere`, planted, { mode: 0o600 })
    symlinkSync(`${file()}.elsewhere`, file())
    expect(await line()).toBe(fromStore)
    rmSync(file())
    rmSync(`${file()}.elsewhere`)
    writeFileSync(file(), planted, { mode: 0o600 })
    chmodSync(file(), 0o644)
    expect(await line()).toBe(fromStore)
    writeFileSync(file(), planted.slice(0, 40), { mode: 0o600 })
    chmodSync(file(), 0o600)
    expect(await line()).toBe(fromStore)
  })

  it('is skipped by a writer whose store changed while it summed (the store fingerprint moved)', async () => {
    const db = join(kit.dataDir, 'usage.db')
    const times = statSync(db)
    utimesSync(db, times.atime, new Date(times.mtimeMs + 5_000))
    await writeStatuslineFigures(kit.dataDir, context())
    expect(readStatuslineFigures(kit.dataDir, 'client-a', bound, context())).not.toBeNull()
    utimesSync(db, times.atime, new Date(times.mtimeMs + 10_000))
    expect(readStatuslineFigures(kit.dataDir, 'client-a', bound, context())).toBeNull()
  })

  it("is written by the host's refresher in the zone the line names for itself, and the line then reads it", async () => {
    const zone = localZoneWithoutIntl() ?? systemTimeZone()
    const fromStore = await line(NOW, [], zone)
    const logged: string[] = []
    await createFiguresRefresher(
      kit.dataDir,
      (l) => logged.push(l),
      () => NOW,
    ).refresh()
    expect(logged).toEqual([])
    plantToday('123450000')
    expect(await line(NOW, [], zone)).toBe(fromStore.replace(/\$[\d.,]+ today/, '$1.23 today'))
  })
})
