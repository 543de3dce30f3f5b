import { chmodSync, mkdirSync, readFileSync, statSync, realpathSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addDays } from '../../../../shared/calendar'
import { maskKey } from '../../../../shared/keys.schema'
import { formatMoney, fromAmount } from '../../../../shared/money'
import { projectMonthEnd } from '../../../../shared/projection'
import { statuslineText, parseStatuslineArgs } from '../../../cli/fast/statusline'
import type { CliIO } from '../../../cli/io'
import { readStdinStream } from '../../../cli/fast/statusline-stdin'
import { type UsageTestKit, startUsageTestKit } from '../../usage/usage.test-support'
import { parseFields } from './statusline-format'
import { parseStatuslineInput } from './statusline-input'

/*
 * The status line over a real cache (the emulator synced through the official SDK, as the core
 * does), with a fixed clock and time zone: the figures are checked against the dashboard's own
 * query service for the same ranges, so both agree on what "today" and "this month" are.
 */

const NOW = new Date('2026-04-20T15:30:00Z')
const TZ = 'Pacific/Auckland' // UTC+12 in April: "today" there is not the UTC date, so a UTC shortcut would fail
const LOCALE = 'en-US'
let kit: UsageTestKit
let root: string
const dirs = { bound: '', sharedA: '', sharedB: '', unbound: '', sub: '' }
const secrets: string[] = []

function io(cwd: string): CliIO {
  return { stdout: { write: () => true }, stderr: { write: () => true }, stdin: new PassThrough(), env: { KEYWARD_HOME: kit.dataDir }, cwd }
}

const line = (cwd: string, at: Date = NOW, input = '', args: string[] = []) =>
  statuslineText(parseStatuslineArgs(args, {}), io(cwd), input, { readInput: async () => input, now: () => at, timeZone: TZ, locale: LOCALE })

/** The dashboard's spend of one key over local [from, to] in TZ. */
async function keySpend(keyId: string, from: string, to: string): Promise<bigint> {
  const summary = await kit.queries.summary({ range: { from, to, timeZone: TZ }, groupBy: 'key' })
  return fromAmount(summary.groups.find((g) => g.id === keyId)?.totals.cost ?? '0')
}

const money = (micro: bigint) => formatMoney(micro, { locale: LOCALE })

beforeAll(async () => {
  kit = await startUsageTestKit({ emulator: { seed: 5, keys: 8, days: 40, now: () => NOW }, now: () => NOW })
  await kit.sync.syncNow()
  root = realpathSync(kit.dataDir)
  for (const name of Object.keys(dirs) as Array<keyof typeof dirs>) {
    dirs[name] = join(root, 'projects', name)
    mkdirSync(dirs[name], { recursive: true })
  }
  dirs.sub = join(dirs.bound, 'src', 'deep')
  mkdirSync(dirs.sub, { recursive: true })
  // Two keys with usage this month (in TZ): one bound to one project, one shared by two.
  const today = '2026-04-21'
  const used: string[] = []
  for (const k of kit.emulator.state.apiKeys) if ((await keySpend(k.wire.id, '2026-04-01', today)) > 0n) used.push(k.secret)
  secrets.push(...used.slice(0, 2))
  const profile = (name: string, secret: string) => ({ name, kind: 'api', hint: maskKey(secret), tags: [], createdAt: '2026-01-01T00:00:00.000Z', rotatedAt: null })
  const config = {
    version: 1,
    profiles: [profile('client-a', secrets[0]!), profile('shared-b', secrets[1]!)],
    defaultProfile: null,
    bindings: [
      { directory: dirs.bound, profile: 'client-a', createdAt: '2026-01-01T00:00:00.000Z' },
      { directory: dirs.sharedA, profile: 'shared-b', createdAt: '2026-01-01T00:00:00.000Z' },
      { directory: dirs.sharedB, profile: 'shared-b', createdAt: '2026-01-01T00:00:00.000Z' },
    ],
    allowedProjects: [],
  }
  writeFileSync(join(kit.dataDir, 'config.json'), JSON.stringify(config), { mode: 0o600 })
}, 60_000)

afterAll(async () => kit?.close())

const keyIdOf = (secret: string) => kit.emulator.state.apiKeys.find((k) => k.secret === secret)!.wire.id

describe('keyward statusline', () => {
  it("shows a bound directory's profile, its key's spend today and this month, and the projection", async () => {
    const keyId = keyIdOf(secrets[0]!)
    const today = await keySpend(keyId, '2026-04-21', '2026-04-21')
    const month = await keySpend(keyId, '2026-04-01', '2026-04-21')
    expect(month).toBeGreaterThan(0n)
    const projection = projectMonthEnd(month, NOW.getTime(), TZ)
    expect(projection.kind).toBe('projected')
    const text = await line(dirs.bound, new Date(NOW.getTime() + 5 * 60_000))
    const expected = `client-a · ${money(today)} today · ${money(month)} this month · ~${money(projection.kind === 'projected' ? projection.micro : 0n)} by month-end`
    // Five minutes later the same figures (nothing synced since), and the cache is not stale yet.
    expect(text).toBe(expected)
    // A subdirectory gets the same line (the nearest bound parent), and so does Claude Code's JSON naming it.
    expect(await line(dirs.unbound, new Date(NOW.getTime() + 5 * 60_000), JSON.stringify({ cwd: dirs.sub, workspace: { current_dir: dirs.sub } }))).toBe(expected)
    expect(text).not.toContain(secrets[0]!.slice(15, -4))
  })

  it('says "no key bound here" in an unbound directory, and nothing else', async () => {
    expect(await line(dirs.unbound)).toBe('no key bound here')
  })

  it('marks a key shared by several bound projects and shows the key’s spend (it cannot be split by project)', async () => {
    const keyId = keyIdOf(secrets[1]!)
    const today = await keySpend(keyId, '2026-04-21', '2026-04-21')
    const text = await line(dirs.sharedA, new Date(NOW.getTime() + 60_000))
    expect(text.startsWith(`shared-b · ${money(today)} today · `)).toBe(true)
    expect(text.endsWith(' · key shared by 2 projects')).toBe(true)
    expect(await line(dirs.sharedB, new Date(NOW.getTime() + 60_000))).toBe(text)
  })

  it('marks a stale cache by the service watermark: older than 15 minutes (twice the default 5-minute interval is less) and the hour reports trail by', async () => {
    const later = new Date(NOW.getTime() + 3 * 3_600_000)
    const text = await line(dirs.bound, later)
    // The emulator's watermark is the start of the sync's hour, 15:00 UTC: 3:00 AM the next day in Auckland.
    expect(text.endsWith(' · stale: data as of 3:00 AM')).toBe(true)
    expect(await line(dirs.bound, new Date(NOW.getTime() + 14 * 60_000))).not.toContain('stale')
  })

  it('shows the fullest budget that covers the key, with the budget service’s rules', async () => {
    const keyId = keyIdOf(secrets[0]!)
    const month = await keySpend(keyId, '2026-04-01', '2026-04-21')
    const limit = (month * 100n) / 85n
    const dollars = (micro: bigint) => `${micro / 100_000_000n}.${(micro % 100_000_000n).toString().padStart(8, '0')}`
    const budgets = {
      version: 1,
      budgets: [
        { id: 'bud_a', scope: { type: 'profile', orgId: 'emu', profile: 'client-a' }, period: 'month', limit: dollars(limit), thresholds: [50, 80] },
        { id: 'bud_b', scope: { type: 'profile', orgId: 'emu', profile: 'shared-b' }, period: 'month', limit: '0.01', thresholds: [50] },
      ],
      fired: {},
    }
    writeFileSync(join(kit.dataDir, 'budgets.json'), JSON.stringify(budgets), { mode: 0o600 })
    try {
      expect(await line(dirs.bound, NOW, '', ['--fields', 'profile,budget'])).toBe('client-a · 85% of month budget !')
      expect(await line(dirs.sharedA, NOW, '', ['--fields', 'budget,profile', '--separator', ' | '])).toMatch(/^over month budget \(\d+%\) \| shared-b$/)
    } finally {
      rmSync(join(kit.dataDir, 'budgets.json'))
    }
  })

  it('takes the fields and their order from --fields, and refuses an unknown one by name', async () => {
    expect(await line(dirs.bound, NOW, '', ['--fields', 'today,profile'])).toMatch(/^\$[\d,.]+ today · client-a$/)
    expect(() => parseFields('profile,cost')).toThrow(/unknown field "cost"; pick from profile,env,today,month,session/)
    expect(parseStatuslineArgs([], { KEYWARD_STATUSLINE_FIELDS: 'stale, profile' }).layout.fields).toEqual(['stale', 'profile'])
  })

  it('reads Claude Code’s JSON tolerantly and falls back to the working directory on garbage', async () => {
    expect(parseStatuslineInput('{"workspace":{"current_dir":"/a","project_dir":"/b"},"cwd":"/c"}').directory).toBe('/a')
    expect(parseStatuslineInput('{"workspace":null,"cwd":"/c"}').directory).toBe('/c')
    expect(parseStatuslineInput('{"workspace":{"project_dir":"/b"},"cwd":"relative"}').directory).toBe('/b')
    for (const junk of ['', 'not json', '[1,2]', 'null', '{"cwd":42}', '{"cwd":"/x\\u0000y"}']) expect(parseStatuslineInput(junk).directory).toBeNull()
    expect(await line(dirs.unbound, NOW, '\u0000\u0001garbage')).toBe('no key bound here')
    // A directory Claude Code names that does not exist (any more) gets no key: not the working directory's.
    expect(await line(dirs.bound, new Date(NOW.getTime() + 60_000), JSON.stringify({ cwd: join(root, 'gone') }))).toBe("keyward: Claude Code's directory does not exist (no key applies)")
    // With no directory in the input at all, the working directory (Claude Code's) decides.
    expect(await line(dirs.bound, new Date(NOW.getTime() + 60_000), JSON.stringify({ session_id: 'abc' }))).toMatch(/^client-a · /)
  })

  it('stops reading a stdin that stays open, and reads no more than the cap', async () => {
    const open = new PassThrough()
    open.write('{"cwd":')
    expect(await readStdinStream(open, 1024, 50)).toBe('{"cwd":')
    const flood = new PassThrough()
    flood.write(Buffer.alloc(4096, 'x'))
    expect((await readStdinStream(flood, 1024, 50)).length).toBe(1024)
  })

  it('says the cache is unreadable when its database is a link (never followed), and still names the profile', async () => {
    // Closing the kit's connection checkpoints the log into the file, so the file alone is the store.
    kit.store.close()
    const db = join(kit.dataDir, 'usage.db')
    renameSync(db, `${db}.real`)
    symlinkSync(`${db}.real`, db)
    try {
      expect(await line(dirs.bound)).toBe('client-a · usage cache unreadable (keyward doctor)')
    } finally {
      rmSync(db)
      renameSync(`${db}.real`, db)
    }
  })

  it('says there is no usage yet when nothing was synced', async () => {
    kit.store.close()
    const db = join(kit.dataDir, 'usage.db')
    renameSync(db, `${db}.away`)
    try {
      expect(await line(dirs.bound)).toBe('client-a · no usage yet (keyward sync)')
    } finally {
      renameSync(`${db}.away`, db)
    }
  })

  it('computes "today" in the given time zone, not in UTC', async () => {
    // 15:30 UTC on the 20th is already the 21st in Auckland; the line's today is the 21st's spend.
    expect(addDays('2026-04-20', 1)).toBe('2026-04-21')
    const keyId = keyIdOf(secrets[0]!)
    const today = await keySpend(keyId, '2026-04-21', '2026-04-21')
    const utcDay = await keySpend(keyId, '2026-04-20', '2026-04-20')
    expect(today).not.toBe(utcDay)
    expect(await line(dirs.bound, NOW, '', ['--fields', 'today'])).toBe(`${money(today)} today`)
  })

  it('reuses a line for a minute while nothing it depends on changed, and recomputes after a sync or a link swap', async () => {
    const memo = join(kit.dataDir, 'statusline-memo.json')
    const at = new Date(NOW.getTime() + 7 * 60_000)
    const first = await line(dirs.bound, at)
    const entries = JSON.parse(readFileSync(memo, 'utf8')) as Array<{ key: string; parts: string[]; at: number }>
    const entry = entries.find((e) => e.parts.filter((p) => p !== '' && !p.startsWith('\u0000')).join(' · ') === first)!
    expect(entry).toBeDefined()
    // A planted line for the same key is shown: proof the memo is what answers.
    writeFileSync(memo, JSON.stringify([{ ...entry, parts: ['remembered'] }]), { mode: 0o600 })
    expect(await line(dirs.bound, new Date(at.getTime() + 59_000))).toBe('remembered')
    expect(await line(dirs.bound, new Date(at.getTime() + 60_000))).toBe(first)
    writeFileSync(memo, JSON.stringify([{ ...entry, parts: ['remembered'] }]), { mode: 0o600 })
    // A commit to the cache (a sync) writes the database's log, so the line is recomputed at once.
    kit.store.commitMeta('emu', { orgName: 'Emulated org', lastSyncedAt: NOW.toISOString() })
    expect(await line(dirs.bound, new Date(at.getTime() + 1_000))).toBe(first)
    // A memo that is a link is not read (nor written through).
    rmSync(memo)
    writeFileSync(`${memo}.planted`, JSON.stringify([{ ...entry, parts: ['planted'] }]))
    symlinkSync(`${memo}.planted`, memo)
    expect(await line(dirs.bound, new Date(at.getTime() + 2_000))).toBe(first)
    expect(JSON.parse(readFileSync(`${memo}.planted`, 'utf8'))[0].parts).toEqual(['planted'])
    rmSync(memo)
    rmSync(`${memo}.planted`)
  })

  it('checks the data directory as the helper does: one others may write to is tightened before it is read', async () => {
    const shared = join(root, 'shared-data')
    mkdirSync(shared, { mode: 0o777 })
    chmodSync(shared, 0o777)
    const text = await statuslineText(parseStatuslineArgs([], {}), { ...io(dirs.bound), env: { KEYWARD_HOME: shared } }, '', {
      readInput: async () => '',
      now: () => NOW,
      timeZone: TZ,
      locale: LOCALE,
    })
    // Ours, so tightened to 0700 before anything in it is read (another user's would be refused).
    expect(text).toBe('no key bound here')
    expect(statSync(shared).mode & 0o077).toBe(0)
  })
})
