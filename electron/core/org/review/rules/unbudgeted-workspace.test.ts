import { describe, expect, it } from 'vitest'
import type { AdminSpendLimit } from '../../../../../shared/contract/admin.contract'
import { NOW, SETTINGS, facts, workspace } from './facts-kit'
import { unbudgetedWorkspaceRule } from './unbudgeted-workspace'

const limit = (workspaceId: string, over: Partial<AdminSpendLimit> = {}): AdminSpendLimit => ({
  id: `spl_${workspaceId}`,
  amount: '50000',
  currency: 'USD',
  period: 'monthly',
  enabled: true,
  scope: { type: 'workspace', workspaceId, label: workspaceId },
  updatedAt: NOW.toISOString(),
  ...over,
})

describe('unbudgeted-workspace rule', () => {
  const workspaces = [
    workspace('ws_default', 'Default'),
    workspace('ws_a', 'Alpha'),
    workspace('ws_b', 'Beta'),
    workspace('ws_c', 'Gamma'),
    workspace('ws_old', 'Old', { archivedAt: NOW.toISOString() }),
  ]
  it('flags active named workspaces with no spend limit and no budget, proposing the suggested monthly limit', () => {
    const f = facts({ workspaces, spendLimits: [limit('ws_a'), limit('ws_c', { amount: null })], budgetScopes: [{ type: 'workspace', orgId: 'org_1', workspaceId: 'ws_b' }] })
    const found = unbudgetedWorkspaceRule.check(f, SETTINGS, NOW)
    expect(found.map((x) => x.id)).toEqual(['unbudgeted-workspace:ws_c'])
    expect(found[0]!.fix).toMatchObject({ kind: 'set-spend-limit', targetId: 'ws_c', suggestedCents: '100000', description: 'Set a monthly spend limit of $1,000.00 on Gamma.' })
  })
  it("does not count a disabled limit or another org's budget, and skips the check when limits could not be read", () => {
    const f = facts({ workspaces, spendLimits: [limit('ws_a', { enabled: false }), limit('ws_b'), limit('ws_c')], budgetScopes: [{ type: 'workspace', orgId: 'other', workspaceId: 'ws_a' }] })
    expect(unbudgetedWorkspaceRule.check(f, SETTINGS, NOW).map((x) => x.id)).toEqual(['unbudgeted-workspace:ws_a'])
    expect(unbudgetedWorkspaceRule.check(facts({ workspaces, spendLimits: null }), SETTINGS, NOW)).toEqual([])
  })
})
