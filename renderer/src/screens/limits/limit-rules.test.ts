import { describe, expect, it } from 'vitest'
import { canDeleteLimit, periodLabel, scopeLabel, scopeName } from './limit-rules'

describe('limit rules (what the Admin API accepts for a Console org)', () => {
  it('offers Delete on every limit but the read-only usage-tier cap', () => {
    expect(canDeleteLimit({ scope: { type: 'usage_tier', label: 'usage tier' } })).toBe(false)
    expect(canDeleteLimit({ scope: { type: 'organization', label: 'Org' } })).toBe(true)
    expect(canDeleteLimit({ scope: { type: 'workspace', workspaceId: 'wrkspc_1', label: 'Workspace wrkspc_1' } })).toBe(true)
  })
  it('names scopes and periods as the screen says them', () => {
    const workspaces = [{ id: 'wrkspc_1', name: 'Research' }]
    expect(scopeName({ type: 'workspace', workspaceId: 'wrkspc_1', label: 'Workspace wrkspc_1' }, workspaces)).toBe('Workspace Research')
    expect(scopeName({ type: 'usage_tier', label: 'usage tier' }, workspaces)).toBe('Usage tier')
    expect(scopeLabel('usage_tier')).toBe('Usage tier')
    expect(periodLabel('monthly')).toBe('Monthly')
  })
})
