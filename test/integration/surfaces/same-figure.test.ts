import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { secretServiceAvailable } from '../../support/keyring'
import { type DemoKey, type Surfaces, allPages, dayIn, demoKeysInUse, dollars, exactOf, rangesAt, startSurfaces } from '../../support/surfaces'

/*
 * One figure, every surface. A real `keyward daemon --ui --demo` serves the demo org; the built CLI
 * syncs it into the shared usage cache; then this month's and today's spend per org, key, person,
 * project, profile and workspace is read from `keyward usage --json`, the dashboard's procedures over
 * /rpc (usage.*, tray.summary, budgets.list, projects.list, the Limits screen's effective spend
 * limits), `keyward statusline` fed Claude Code's stdin JSON, `keyward projects --json` and
 * `keyward budgets list --json`, and every pair must agree. Readings are taken again when the UTC
 * hour (and so maybe the day, and the spend limits' last whole hour) turned while they were taken.
 */

const keyring = await secretServiceAvailable()
if (!keyring.available) console.log(keyring.reason)

interface Totals {
  cost: string
}
interface Group {
  id: string
  label: string
  kind: string
  totals: Totals
}
interface Summary {
  total: Totals
  groups: Group[]
  lastSyncedAt: string | null
}
interface Projected {
  low: string
  high: string
  shownLow: string
  shownHigh: string
}
interface CliUsage extends Summary {
  monthToDate: string
  today: string
  projection: { total: { projection: Projected | null }; groups: Array<{ id: string; monthToDate: string; projection: Projected | null }> }
}
interface Person {
  id: string
  label: string
  totals: Totals
}
interface ProjectSpend {
  today: string
  monthToDate: string
  projected: Projected | null
  shared: { today: string; monthToDate: string; withProjects: string[] } | null
}
interface Projects {
  projects: Array<{ directory: string; profile: string; spend: ProjectSpend }>
}
interface BudgetStatus {
  budget: { id: string; scope: { type: string } & Record<string, string> }
  spent: string
}
interface Budgets {
  budgets: BudgetStatus[]
}
interface Tray {
  lastSyncedAt: string | null
  monthEnd?: { low: string; high: string } | null
  today: { amount: string }
  monthToDate: { amount: string }
}
interface SpendSummary {
  actor: string
  periodToDateSpend: string
}

/** Every figure, as each surface gave it, in one time zone at one moment. */
interface Readings {
  readonly timeZone: string
  readonly day: string
  readonly cli: { month: Record<string, CliUsage>; today: Record<string, CliUsage> }
  readonly rpc: { month: Record<string, Summary>; today: Record<string, Summary>; people: { month: Person[]; today: Person[] } }
  readonly projects: { cli: Projects; rpc: Projects }
  readonly statusline: Record<string, string>
  readonly budgets: { cli: Budgets; rpc: Budgets | null }
  readonly tray: Tray | null
  readonly limits: SpendSummary[] | null
  readonly users: Array<{ id: string; name: string }> | null
}

const GROUPINGS = ['key', 'user', 'workspace', 'project', 'profile'] as const
const DAEMON_TZ = 'UTC'

let s: Surfaces
let keys: DemoKey[]
const dirs: Record<'alpha' | 'betaOne' | 'betaTwo', string> = { alpha: '', betaOne: '', betaTwo: '' }
const profile = { alpha: `sf-alpha-${process.pid}`, beta: `sf-beta-${process.pid}` }
let alphaKey: DemoKey
let betaKey: DemoKey

/** A map of group id → exact amount, for comparing whole breakdowns at once. */
const byId = (groups: Array<{ id: string; totals: Totals }>): Record<string, string> => Object.fromEntries(groups.map((g) => [g.id, g.totals.cost]))
const sum = (amounts: string[]): bigint => amounts.reduce((a, b) => a + exactOf(b), 0n)

/** Reads every surface in `timeZone`; the daemon-side figures in its own zone only (tray, budgets.list and Limits read the daemon's clock zone). */
async function readEverything(timeZone: string): Promise<Readings> {
  const now = Date.now()
  const { month, today } = rangesAt(now, timeZone)
  const cli: Readings['cli'] = { month: {}, today: {} }
  const rpc: Readings['rpc'] = { month: {}, today: {}, people: { month: [], today: [] } }
  for (const by of GROUPINGS) {
    cli.month[by] = await s.keywardJson<CliUsage>(['usage', '--by', by, '--json'], { tz: timeZone })
    cli.today[by] = await s.keywardJson<CliUsage>(['usage', '--by', by, '--from', today.from, '--to', today.to, '--json'], { tz: timeZone })
    rpc.month[by] = await s.rpc<Summary>('usage.summary', { orgId: 'demo', range: month, groupBy: by })
    rpc.today[by] = await s.rpc<Summary>('usage.summary', { orgId: 'demo', range: today, groupBy: by })
  }
  rpc.people.month = (await s.rpc<{ people: Person[] }>('usage.people', { orgId: 'demo', range: month })).people
  rpc.people.today = (await s.rpc<{ people: Person[] }>('usage.people', { orgId: 'demo', range: today })).people
  const statusline: Record<string, string> = {}
  for (const [name, dir] of Object.entries(dirs)) statusline[name] = await s.statusline(dir, { tz: timeZone, fields: 'profile,today,month,shared' })
  const daemonZone = timeZone === DAEMON_TZ
  return {
    timeZone,
    day: dayIn(now, timeZone),
    cli,
    rpc,
    projects: { cli: await s.keywardJson<Projects>(['projects', '--json'], { tz: timeZone }), rpc: await s.rpc<Projects>('projects.list', { timeZone }) },
    statusline,
    budgets: { cli: await s.keywardJson<Budgets>(['budgets', 'list', '--json'], { tz: timeZone }), rpc: daemonZone ? await s.rpc<Budgets>('budgets.list') : null },
    tray: daemonZone ? await s.rpc<Tray>('tray.summary') : null,
    limits: daemonZone ? await allPages<SpendSummary>(s, 'admin.listEffectiveSpendLimits', { orgId: 'demo' }) : null,
    users: daemonZone ? await allPages<{ id: string; name: string }>(s, 'admin.listUsers', { orgId: 'demo' }) : null,
  }
}

/**
 * Syncs through the CLI, then reads every surface; again (at most three times) when the UTC hour or
 * the day in `timeZone` changed meanwhile (a new hour moves the spend limits' last whole hour; a
 * half-hour zone's day starts mid-hour).
 */
async function readAfterSync(timeZone: string): Promise<Readings> {
  for (let attempt = 1; ; attempt++) {
    const hour = Math.floor(Date.now() / 3_600_000)
    const synced = await s.keyward(['sync'], { tz: timeZone })
    expect(synced.code, synced.stderr).toBe(0)
    const readings = await readEverything(timeZone)
    const unchanged = Math.floor(Date.now() / 3_600_000) === hour && dayIn(Date.now(), timeZone) === readings.day
    if (unchanged || attempt === 3) return readings
  }
}

beforeAll(async () => {
  if (!keyring.available) return
  s = await startSurfaces(DAEMON_TZ)
  keys = await demoKeysInUse()
  // Two keys in use, in different workspaces: one bound to a project alone, one shared by two projects.
  alphaKey = keys[0]!
  betaKey = keys.find((k) => k.workspaceId !== alphaKey.workspaceId)!
  dirs.alpha = await s.makeDir('alpha')
  dirs.betaOne = await s.makeDir('beta-one')
  dirs.betaTwo = await s.makeDir('beta-two')
  for (const [name, key] of [
    [profile.alpha, alphaKey],
    [profile.beta, betaKey],
  ] as const) {
    const added = await s.keyward(['add', name, '--key-stdin'], { input: key.secret })
    expect(added.code, added.stderr).toBe(0)
  }
  for (const [dir, name] of [
    [dirs.alpha, profile.alpha],
    [dirs.betaOne, profile.beta],
    [dirs.betaTwo, profile.beta],
  ] as const) {
    const used = await s.keyward(['use', name, '--dir', dir])
    expect(used.code, used.stderr).toBe(0)
  }
  const synced = await s.keyward(['sync'])
  expect(synced.code, synced.stderr).toBe(0)
  // Budgets over the org, a workspace, a project and the person who spent most this month.
  const people = (await s.rpc<{ people: Person[] }>('usage.people', { orgId: 'demo', range: rangesAt(Date.now(), DAEMON_TZ).month })).people
  const topUser = people.find((p) => p.id.startsWith('user_'))!
  for (const scope of ['org', `workspace:${betaKey.workspaceId}`, `project:${dirs.alpha}`, `user:${topUser.id}`, `profile:${profile.beta}`]) {
    const set = await s.keyward(['budgets', 'set', '--org', 'demo', '--limit', '1000', '--period', 'month', '--scope', scope])
    expect(set.code, set.stderr).toBe(0)
  }
}, 120_000)

afterAll(async () => {
  if (!s) return
  for (const name of Object.values(profile)) await s.keyward(['remove', name, '--force'])
  await s.stop()
})

/** The assertions every time zone shares: the CLI, /rpc, projects, the status line and local budgets agree. */
function expectOneFigure(r: Readings): void {
  for (const period of ['month', 'today'] as const) {
    for (const by of GROUPINGS) {
      const cli = r.cli[period][by]!
      const rpc = r.rpc[period][by]!
      expect(byId(cli.groups), `${period} by ${by}: keyward usage --json = usage.summary over /rpc`).toEqual(byId(rpc.groups))
      expect(cli.total.cost, `${period} by ${by}: the org's total`).toBe(rpc.total.cost)
      expect(sum(cli.groups.map((g) => g.totals.cost)), `${period} by ${by}: the groups add up to the total`).toBe(exactOf(cli.total.cost))
    }
    // The org's total is the same whichever way it is broken down.
    expect(new Set(GROUPINGS.map((by) => r.cli[period][by]!.total.cost)).size, `${period}: one org total`).toBe(1)
    // The People screen's procedure is the CLI's --by user.
    expect(byId(r.rpc.people[period]), `${period}: usage.people = keyward usage --by user`).toEqual(byId(r.cli[period].user!.groups))
  }
  // `keyward usage --json` carries this month's and today's org totals, whatever range it shows.
  expect(r.cli.month.key!.monthToDate).toBe(r.cli.month.key!.total.cost)
  expect(r.cli.month.key!.today).toBe(r.cli.today.key!.total.cost)
  expect(r.cli.today.workspace!.monthToDate).toBe(r.cli.month.key!.total.cost)

  const cost = (period: 'month' | 'today', by: (typeof GROUPINGS)[number], id: string): string => r.cli[period][by]!.groups.find((g) => g.id === id)?.totals.cost ?? '0'
  // The project bound alone: its key, its profile and its project are the same money on every surface.
  expect(r.projects.cli, 'keyward projects --json = projects.list over /rpc').toEqual(r.projects.rpc)
  const alpha = r.projects.cli.projects.find((p) => p.directory === dirs.alpha)!
  for (const [period, field] of [
    ['month', 'monthToDate'],
    ['today', 'today'],
  ] as const) {
    const keyCost = cost(period, 'key', alphaKey.id)
    // Just after local midnight today has no complete hour yet (the service's watermark is the start of
    // the current hour), so an empty today is right; the month must have spend, or the checks prove nothing.
    if (period === 'month') expect(exactOf(keyCost), `${period}: the alpha key spent something`).toBeGreaterThan(0n)
    expect(cost(period, 'profile', profile.alpha), `${period}: profile = key`).toBe(keyCost)
    expect(cost(period, 'project', dirs.alpha), `${period}: usage --by project = key`).toBe(keyCost)
    expect(alpha.spend[field], `${period}: keyward projects = key`).toBe(keyCost)
  }
  expect(alpha.spend.shared).toBeNull()
  // The month-end projection of the project: keyward projects and keyward usage --by project say the same.
  const projectedAlpha = r.cli.month.project!.projection.groups.find((g) => g.id === dirs.alpha)
  expect(projectedAlpha?.monthToDate).toBe(alpha.spend.monthToDate)
  expect(alpha.spend.projected, 'the project’s month-end projection').toEqual(projectedAlpha?.projection ?? null)
  expect(r.statusline.alpha, 'the status line in the alpha project').toBe(
    `${profile.alpha} | ${dollars(exactOf(cost('today', 'key', alphaKey.id)))} today | ${dollars(exactOf(cost('month', 'key', alphaKey.id)))} this month`,
  )

  // The key two projects share: counted once as shared, under each project apart, never in either's own spend.
  for (const dir of [dirs.betaOne, dirs.betaTwo]) {
    const p = r.projects.cli.projects.find((x) => x.directory === dir)!
    expect(p.spend.monthToDate).toBe('0')
    expect(p.spend.shared?.monthToDate).toBe(cost('month', 'key', betaKey.id))
    expect(p.spend.shared?.today).toBe(cost('today', 'key', betaKey.id))
    expect(cost('month', 'project', dir)).toBe('0')
  }
  expect(cost('month', 'project', '~shared'), 'usage --by project lists the shared key once').toBe(cost('month', 'key', betaKey.id))
  for (const name of ['betaOne', 'betaTwo'] as const) {
    expect(r.statusline[name], `the status line in ${name}`).toBe(
      `${profile.beta} | ${dollars(exactOf(cost('today', 'key', betaKey.id)))} today | ${dollars(exactOf(cost('month', 'key', betaKey.id)))} this month | key shared by 2 projects`,
    )
  }

  // Local budgets: the CLI's list, and each budget's spend is its scope's month.
  const spentOf = (type: string): string => r.budgets.cli.budgets.find((b) => b.budget.scope.type === type)!.spent
  if (r.budgets.rpc) expect(r.budgets.cli.budgets, 'keyward budgets list --json = budgets.list over /rpc').toEqual(r.budgets.rpc.budgets)
  expect(spentOf('org'), 'org budget = the org month').toBe(r.cli.month.key!.total.cost)
  expect(spentOf('workspace'), 'workspace budget = its workspace month').toBe(cost('month', 'workspace', betaKey.workspaceId))
  expect(spentOf('project'), 'project budget = its project month').toBe(alpha.spend.monthToDate)
  expect(spentOf('profile'), 'profile budget = its profile month').toBe(cost('month', 'profile', profile.beta))
  const userBudget = r.budgets.cli.budgets.find((b) => b.budget.scope.type === 'user')!
  expect(userBudget.spent, 'person budget = their month').toBe(cost('month', 'user', userBudget.budget.scope.userId!))
}

describe.skipIf(!keyring.available)('one figure on every surface', { timeout: 180_000 }, () => {
  it('in UTC: usage, /rpc, the tray, projects, the status line, budgets and the Limits screen’s per-person spend agree', async () => {
    const r = await readAfterSync('UTC')
    expectOneFigure(r)

    // The tray: this month and today across the orgs (the demo org is the only one).
    expect(r.tray!.monthToDate.amount, 'tray.summary month = keyward usage --json monthToDate').toBe(r.cli.month.key!.monthToDate)
    expect(r.tray!.today.amount, 'tray.summary today = keyward usage --json today').toBe(r.cli.month.key!.today)
    // …and the month-end projection, as the range the tray shows.
    const projected = r.cli.month.key!.projection.total.projection
    expect(r.tray!.monthEnd ?? null, 'tray.summary month end = keyward usage --json projection').toEqual(
      projected === null ? null : { low: projected.shownLow, high: projected.shownHigh, currency: 'USD' },
    )
    // …and when those figures were synced: the CLI's sync, the last one, wherever it is read.
    expect(r.cli.month.key!.lastSyncedAt).not.toBeNull()
    expect(r.rpc.month.key!.lastSyncedAt, 'usage.summary: last synced').toBe(r.cli.month.key!.lastSyncedAt)
    expect(r.tray!.lastSyncedAt, 'tray.summary: last synced').toBe(r.cli.month.key!.lastSyncedAt)

    // The Limits screen: each member's spend this period is their month on the People screen (a monthly limit's period is the UTC month).
    const idByName = new Map(r.users!.map((u) => [u.name, u.id]))
    const monthOf = new Map(r.cli.month.user!.groups.map((g) => [g.id, exactOf(g.totals.cost)]))
    const members = r.limits!.filter((l) => idByName.has(l.actor))
    expect(members.length).toBe(r.users!.length)
    for (const row of r.limits!) {
      const id = idByName.get(row.actor) ?? row.actor
      const month = monthOf.get(id) ?? 0n
      // period_to_date_spend is cents to a thousandth (1,000 micro-cents); the rest is cut, not rounded.
      const limitSpend = exactOf(row.periodToDateSpend) / 100n
      expect(limitSpend, `${row.actor}: spent this period = their month, to a thousandth of a cent`).toBe((month / 1000n) * 1000n)
      expect(dollars(limitSpend), `${row.actor}: the same dollars and cents on both screens`).toBe(dollars(month))
    }
    expect(r.limits!.filter((l) => exactOf(l.periodToDateSpend) > 0n).length).toBeGreaterThan(0)
  })

  it('in Asia/Kolkata (the CLI and the status line in a half-hour zone; procedures given that zone) the same figures agree', async () => {
    const r = await readAfterSync('Asia/Kolkata')
    expectOneFigure(r)
  })
})
