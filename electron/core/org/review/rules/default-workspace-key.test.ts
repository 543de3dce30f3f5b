import { describe, expect, it } from 'vitest'
import { defaultWorkspaceKeyRule } from './default-workspace-key'
import { NOW, SETTINGS, facts, key } from './facts-kit'

describe('default-workspace rule', () => {
  it('groups the active keys in the Default workspace (also those without a workspace) into one finding without a fix', () => {
    const f = facts({ apiKeys: [key('k1', { workspaceId: 'ws_default' }), key('k2', { workspaceId: null }), key('k3'), key('k4', { workspaceId: 'ws_default', status: 'inactive' })] })
    const found = defaultWorkspaceKeyRule.check(f, SETTINGS, NOW)
    expect(found).toEqual([expect.objectContaining({ id: 'default-workspace:ws_default', title: '2 active keys are in the Default workspace', evidence: ['key-k1', 'key-k2'], fix: null })])
  })
  it('says nothing when no active key is there, and lists at most ten names', () => {
    expect(defaultWorkspaceKeyRule.check(facts({ apiKeys: [key('k3')] }), SETTINGS, NOW)).toEqual([])
    const many = Array.from({ length: 12 }, (_, i) => key(`k${i}`, { workspaceId: 'ws_default' }))
    expect(defaultWorkspaceKeyRule.check(facts({ apiKeys: many }), SETTINGS, NOW)[0]!.evidence.at(-1)).toBe('and 2 more')
  })
})
