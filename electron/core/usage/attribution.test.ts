import { describe, expect, it } from 'vitest'
import { hintsMatch } from '../../../shared/key-hints'
import { attribute } from './attribution'
import { grouper } from './usage-groups'

const key = (id: string, hint: string) => ({ id, name: id, hint, workspaceId: 'ws', status: 'active', createdAt: '2026-01-01T00:00:00Z' })

describe('attribution', () => {
  it('matches an org key hint to a local masked hint', () => {
    expect(hintsMatch('sk-ant-api03-R2D...igAA', 'sk-ant-api03-R2D…igAA')).toBe(true)
    expect(hintsMatch('sk-ant-api03-R2D...igAA', 'sk-ant-api03-R2D2xyz...igAA')).toBe(true)
    expect(hintsMatch('sk-ant-api03-R2D...igAA', '…igAA')).toBe(false) // a hint with no head matches nothing
    expect(hintsMatch('sk-ant-api03-R2D...igAA', 'sk-ant-api03-XYZ...igAA')).toBe(false)
    expect(hintsMatch('sk-ant-api03-R2D...igAA', 'sk-ant-api03-R2D...igAB')).toBe(false)
    expect(hintsMatch('sk-ant-api03-R2D', 'sk-ant-api03-R2D')).toBe(false)
  })

  it('gives a project only the keys bound to it alone, and groups shared keys once', () => {
    const keys = [key('k1', 'sk-ant-api03-aaa...1111'), key('k2', 'sk-ant-api03-bbb...2222'), key('k3', 'sk-ant-api03-ccc...3333'), key('k4', 'sk-ant-api03-ddd...4444')]
    const profiles = [
      { name: 'acme', hint: 'sk-ant-api03-aaa…1111' },
      { name: 'shared', hint: 'sk-ant-api03-bbb…2222' },
      { name: 'loose', hint: 'sk-ant-api03-ccc…3333' },
    ]
    const bindings = [
      { directory: '/src/acme', profile: 'acme' },
      { directory: '/src/one', profile: 'shared' },
      { directory: '/src/two', profile: 'shared' },
    ]
    const a = attribute(keys, profiles, bindings)
    expect(a.profileOfKey.get('k4')).toBeUndefined()
    const byProject = grouper('project', { keys, workspaces: [], spendLimits: [] }, a)
    const s = (apiKeyId: string) => ({ apiKeyId, workspaceId: 'ws', model: 'm', actorId: '', product: '' })
    expect(byProject(s('k1'))).toMatchObject({ id: '/src/acme', kind: 'group' })
    expect(byProject(s('k2'))).toMatchObject({ id: '~shared', kind: 'shared' })
    expect(byProject(s('k3'))).toMatchObject({ id: '~no-project' })
    expect(byProject(s('k4'))).toMatchObject({ id: '~not-in-keyward', kind: 'unmatched' })
    expect(byProject(s(''))).toMatchObject({ kind: 'unattributed' })
    const byKey = grouper('key', { keys, workspaces: [], spendLimits: [] }, a)
    expect(byKey(s('k4'))).toMatchObject({ kind: 'unmatched', detail: 'sk-ant-api03-ddd...4444' })
    expect(byKey(s('k1')).detail).toContain('profile acme')
  })
})
