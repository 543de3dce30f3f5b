import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { secretServiceAvailable } from '../../support/keyring'
import { type DemoKey, type Surfaces, allPages, demoKeysInUse, rangesAt, startSurfaces } from '../../support/surfaces'

/*
 * A change made through one surface is seen by the others, on the one demo org a running
 * `keyward daemon --ui --demo` serves: through the CLI (offboard, a profile renamed, a budget set,
 * a channel added) it shows in the dashboard's procedures over /rpc; through the dashboard (a
 * workspace renamed, a key deactivated, a review finding fixed) it shows in the CLI.
 */

const keyring = await secretServiceAvailable()
if (!keyring.available) console.log(keyring.reason)

interface User {
  id: string
  email: string
  name: string
  role: string
}
interface ApiKey {
  id: string
  name: string
  status: string
  createdBy: { id: string } | null
}
interface Finding {
  id: string
  rule: string
}
interface OffboardPlan {
  keys: Array<{ id: string; status: string }>
}

let s: Surfaces
let key: DemoKey
let dir: string
const before = `sf-change-${process.pid}`
const after = `sf-renamed-${process.pid}`

beforeAll(async () => {
  if (!keyring.available) return
  s = await startSurfaces('UTC')
  key = (await demoKeysInUse())[0]!
  dir = await s.makeDir('project')
  for (const args of [['add', before, '--key-stdin'], ['use', before, '--dir', dir], ['sync']]) {
    const done = await s.keyward(args, args[0] === 'add' ? { input: key.secret } : {})
    expect(done.code, done.stderr).toBe(0)
  }
}, 120_000)

afterAll(async () => {
  if (!s) return
  for (const name of [before, after]) await s.keyward(['remove', name, '--force'])
  await s.stop()
})

const json = (value: unknown): string => JSON.stringify(value)

describe.skipIf(!keyring.available)('a change through the CLI shows in the dashboard', { timeout: 120_000 }, () => {
  it('keyward offboard --yes: the person is gone from admin.listUsers and every key they created is inactive', async () => {
    const users = await allPages<User>(s, 'admin.listUsers', { orgId: 'demo' })
    const keys = await allPages<ApiKey>(s, 'admin.listApiKeys', { orgId: 'demo', status: 'active' })
    const leaver = users.find((u) => u.role === 'developer' && keys.some((k) => k.createdBy?.id === u.id))!
    expect(leaver).toBeDefined()
    const done = await s.keyward(['offboard', leaver.email, '--yes'])
    expect(done.code, done.stderr).toBe(0)
    expect((await allPages<User>(s, 'admin.listUsers', { orgId: 'demo' })).map((u) => u.id)).not.toContain(leaver.id)
    const theirs = await allPages<ApiKey>(s, 'admin.listApiKeys', { orgId: 'demo', createdByUserId: leaver.id })
    expect(theirs.length).toBeGreaterThan(0)
    expect(theirs.filter((k) => k.status === 'active')).toEqual([])
  })

  it('keyward rename: the dashboard’s profiles, projects and usage by profile name the new profile', async () => {
    const done = await s.keyward(['rename', before, after])
    expect(done.code, done.stderr).toBe(0)
    const profiles = json(await s.rpc('profiles.list'))
    expect(profiles).toContain(`"${after}"`)
    expect(profiles).not.toContain(`"${before}"`)
    const projects = await s.rpc<{ projects: Array<{ directory: string; profile: string }> }>('projects.list', { timeZone: 'UTC' })
    expect(projects.projects.find((p) => p.directory === dir)?.profile).toBe(after)
    const byProfile = await s.rpc<{ groups: Array<{ id: string }> }>('usage.summary', { orgId: 'demo', range: rangesAt(Date.now(), 'UTC').month, groupBy: 'profile' })
    expect(byProfile.groups.map((g) => g.id)).toContain(after)
    expect(byProfile.groups.map((g) => g.id)).not.toContain(before)
  })

  it('keyward budgets set on a person: budgets.list shows their spend, and the status line of a key it does not cover shows no budget', async () => {
    const month = rangesAt(Date.now(), 'UTC').month
    const people = await s.rpc<{ people: Array<{ id: string; totals: { cost: string } }> }>('usage.people', { orgId: 'demo', range: month })
    const person = people.people.find((p) => p.id.startsWith('user_') && Number(p.totals.cost) > 0)!
    const set = await s.keywardJson<{ id: string }>(['budgets', 'set', '--org', 'demo', '--limit', '0.01', '--period', 'month', '--scope', `user:${person.id}`, '--json'])
    const listed = (await s.rpc<{ budgets: Array<{ budget: { id: string }; spent: string; state: string }> }>('budgets.list')).budgets.find((b) => b.budget.id === set.id)
    expect(listed).toMatchObject({ spent: person.totals.cost, state: 'exceeded' })
    // A person's budget is not the key's: the line names the key's profile and spend, and no budget.
    const bound = (await s.rpc<{ projects: Array<{ directory: string; profile: string }> }>('projects.list', { timeZone: 'UTC' })).projects.find((p) => p.directory === dir)!
    expect(await s.statusline(dir, { fields: 'profile,budget' })).toBe(bound.profile)
    const removed = await s.keyward(['budgets', 'remove', set.id])
    expect(removed.code, removed.stderr).toBe(0)
  })

  it('keyward budgets set: budgets.list shows the budget with the spend keyward budgets list shows', async () => {
    const set = await s.keywardJson<{ id: string }>(['budgets', 'set', '--org', 'demo', '--limit', '123.45', '--period', 'month', '--json'])
    const cli = await s.keywardJson<{ budgets: Array<{ budget: { id: string; limit: string }; spent: string }> }>(['budgets', 'list', '--json'])
    const rpc = await s.rpc<{ budgets: Array<{ budget: { id: string; limit: string }; spent: string }> }>('budgets.list')
    const mine = rpc.budgets.find((b) => b.budget.id === set.id)
    expect(mine?.budget.limit).toBe('123.45')
    expect(mine).toEqual(cli.budgets.find((b) => b.budget.id === set.id))
  })

  it('keyward channels add: channels.list shows the channel (and not its URL, which is a secret)', async () => {
    const name = `sf-hook-${process.pid}`
    const added = await s.keyward(['channels', 'add', name, '--webhook', '-'], { input: 'http://127.0.0.1:9/hooks/surface-test-token' })
    expect(added.code, added.stderr).toBe(0)
    const channels = await s.rpc<{ channels: Array<{ name: string }> }>('channels.list')
    expect(channels.channels.map((c) => c.name)).toContain(name)
    expect(json(channels)).not.toContain('surface-test-token')
  })
})

describe.skipIf(!keyring.available)('a change through the dashboard shows in the CLI', { timeout: 120_000 }, () => {
  it('a workspace renamed over /rpc: keyward usage --by workspace names it so after the next sync', async () => {
    const workspaceId = key.workspaceId
    const newName = `Renamed ${process.pid}`
    await s.rpc('admin.renameWorkspace', { orgId: 'demo', workspaceId, name: newName })
    const synced = await s.keyward(['sync'])
    expect(synced.code, synced.stderr).toBe(0)
    const usage = await s.keywardJson<{ groups: Array<{ id: string; label: string }> }>(['usage', '--by', 'workspace', '--json'])
    expect(usage.groups.find((g) => g.id === workspaceId)?.label).toBe(newName)
  })

  it('a key deactivated over /rpc: keyward offboard --dry-run lists it as inactive', async () => {
    const users = await allPages<User>(s, 'admin.listUsers', { orgId: 'demo' })
    const active = await allPages<ApiKey>(s, 'admin.listApiKeys', { orgId: 'demo', status: 'active' })
    const owner = users.find((u) => active.some((k) => k.createdBy?.id === u.id))!
    const target = active.find((k) => k.createdBy?.id === owner.id)!
    const planBefore = await s.keywardJson<OffboardPlan>(['offboard', owner.email, '--dry-run', '--json'])
    expect(planBefore.keys.find((k) => k.id === target.id)?.status).toBe('active')
    await s.rpc('admin.setApiKeyStatus', { orgId: 'demo', apiKeyId: target.id, status: 'inactive' })
    const planAfter = await s.keywardJson<OffboardPlan>(['offboard', owner.email, '--dry-run', '--json'])
    expect(planAfter.keys.find((k) => k.id === target.id)?.status).toBe('inactive')
  })

  it('a review finding fixed over /rpc: keyward review no longer lists it, and the spend limit it set is in keyward budgets list', async () => {
    const report = await s.rpc<{ findings: Finding[] }>('review.run', { orgId: 'demo' })
    const finding = report.findings.find((f) => f.rule === 'unbudgeted-workspace')!
    expect(finding).toBeDefined()
    const cliBefore = await s.keywardJson<{ findings: Finding[] }>(['review', '--json'])
    expect(cliBefore.findings.map((f) => f.id)).toContain(finding.id)
    await s.rpc('review.fix', { orgId: 'demo', findingId: finding.id, amountCents: '77700' })
    const cliAfter = await s.keywardJson<{ findings: Finding[] }>(['review', '--json'])
    expect(cliAfter.findings.map((f) => f.id)).not.toContain(finding.id)
    const synced = await s.keyward(['sync'])
    expect(synced.code, synced.stderr).toBe(0)
    const budgets = await s.keywardJson<{ serverLimits: Array<{ label: string; limit: string | null }> }>(['budgets', 'list', '--json'])
    expect(budgets.serverLimits.map((l) => l.limit)).toContain('777')
  })
})
