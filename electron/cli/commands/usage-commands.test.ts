import { describe, expect, it } from 'vitest'
import { syncIntervalFromEnv } from '../../core/usage/sync-service'
import { parseBudgetsArgs, parseScope } from './budgets'
import { parseUsageArgs } from './usage'

const NOW = new Date('2026-07-01T02:30:00Z') // still June 30 in New York

describe('keyward usage flags', () => {
  it('defaults to this month to date in the user time zone', () => {
    expect(parseUsageArgs([], { TZ: 'America/New_York' }, NOW)).toMatchObject({ by: 'key', from: '2026-06-01', to: '2026-06-30', timeZone: 'America/New_York' })
    expect(parseUsageArgs(['--tz', 'Europe/Berlin'], {}, NOW)).toMatchObject({ from: '2026-07-01', to: '2026-07-01' })
  })
  it('takes a grouping and a range, and names a wrong grouping', () => {
    expect(parseUsageArgs(['--by', 'project', '--from', '2026-05-01', '--to', '2026-05-31', '--json'], { TZ: 'UTC' }, NOW)).toMatchObject({
      by: 'project',
      from: '2026-05-01',
      to: '2026-05-31',
      json: true,
    })
    expect(() => parseUsageArgs(['--by', 'colour'], {}, NOW)).toThrow(/--by must be one of key, model, workspace, project, profile, user, product/)
    expect(() => parseUsageArgs(['--frm', 'x'], {}, NOW)).toThrow()
  })
  it('reports an invalid date as invalid, not as a range to swap (every date flag)', () => {
    for (const [flag, date] of [
      ['--from', '2026-13-01'],
      ['--to', '2026-02-30'],
      ['--from', 'yesterday'],
      ['--to', '2026-1-5'],
    ] as const) {
      const call = () => parseUsageArgs([flag, date], { TZ: 'UTC' }, NOW)
      expect(call).toThrow(new RegExp(`${flag} "${date}" is not a valid date; give a real calendar day as YYYY-MM-DD`))
      expect(call).not.toThrow(/swap/)
    }
    expect(() => parseUsageArgs(['--from', '2024-02-29', '--to', '2024-03-01'], { TZ: 'UTC' }, NOW)).not.toThrow()
  })
})

describe('keyward budgets flags', () => {
  it('reads every scope, and this directory for project:.', () => {
    expect(parseScope('org', 'o')).toEqual({ type: 'org', orgId: 'o' })
    expect(parseScope('workspace:wrkspc_1', 'o')).toEqual({ type: 'workspace', orgId: 'o', workspaceId: 'wrkspc_1' })
    expect(parseScope('project:C:\\src\\acme', 'o')).toEqual({ type: 'project', orgId: 'o', directory: 'C:\\src\\acme' })
    expect(parseBudgetsArgs(['set', '--org', 'o', '--limit', '12.50', '--scope', 'project:.'], '/src/acme')).toMatchObject({
      action: 'set',
      scope: { type: 'project', directory: '/src/acme' },
      period: 'month',
      thresholds: [50, 80, 100],
    })
    expect(parseScope('user:user_01abc', 'o')).toEqual({ type: 'user', orgId: 'o', userId: 'user_01abc' })
    expect(parseScope('product:claude_code', 'o')).toEqual({ type: 'product', orgId: 'o', product: 'claude_code' })
    expect(() => parseScope('user:', 'o')).toThrow(/user:ID/)
    expect(() => parseScope('team:x', 'o')).toThrow(/--scope must be/)
    // --org may be left out when there is exactly one org.
    expect(parseBudgetsArgs(['set', '--limit', '5'], '/', ['org_only'])).toMatchObject({ scope: { type: 'org', orgId: 'org_only' } })
    expect(() => parseBudgetsArgs(['set', '--limit', '5'], '/', ['a', 'b'])).toThrow('there are 2 orgs; name one: --org ID (keyward orgs lists them)')
    expect(() => parseBudgetsArgs(['set', '--limit', '5'], '/', [])).toThrow(/there is no org to budget for; add one/)
    expect(() => parseBudgetsArgs(['set', '--org', 'o', '--limit', '5', '--thresholds', '50,abc'], '/')).toThrow(/whole percentages/)
    // --limit takes dollars as every other surface does (one parser): grouped thousands, a $, cents.
    expect(parseBudgetsArgs(['set', '--org', 'o', '--limit', '$1,500.25'], '/')).toMatchObject({ limit: '1500.25' })
    expect(parseBudgetsArgs(['set', '--org', 'o', '--limit', '1,500'], '/')).toMatchObject({ limit: '1500' })
    expect(() => parseBudgetsArgs(['set', '--org', 'o', '--limit', '1,50'], '/')).toThrow(/--limit: .*misplaced comma/)
    expect(() => parseBudgetsArgs(['set', '--org', 'o', '--limit', '12.505'], '/')).toThrow(/--limit: .*two decimal places/)
  })
})

describe('sync schedule', () => {
  it('defaults to 5 minutes and never runs more often than once a minute', () => {
    expect(syncIntervalFromEnv({})).toBe(300_000)
    expect(syncIntervalFromEnv({ KEYWARD_SYNC_INTERVAL_MINUTES: '15' })).toBe(900_000)
    expect(syncIntervalFromEnv({ KEYWARD_SYNC_INTERVAL_MINUTES: '0.01' })).toBe(60_000)
    expect(syncIntervalFromEnv({ KEYWARD_SYNC_INTERVAL_MINUTES: 'often' })).toBe(300_000)
  })
})
