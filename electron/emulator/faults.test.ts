import { describe, expect, it } from 'vitest'
import { createFaultRegistry } from './faults'

describe('fault registry', () => {
  it('matches concrete paths, templates and wildcards, most specific first', () => {
    const faults = createFaultRegistry()
    faults.set('* *', { kind: '500' })
    faults.set('GET /v1/organizations/workspaces/:workspace_id', { kind: 'slow', delayMs: 5 })
    faults.set('get /v1/organizations/workspaces/wrkspc_1?x=1', { kind: 'malformed' })
    expect(faults.take('GET', '/v1/organizations/workspaces/wrkspc_1', '/v1/organizations/workspaces/:workspace_id')?.kind).toBe('malformed')
    expect(faults.take('GET', '/v1/organizations/workspaces/wrkspc_2', '/v1/organizations/workspaces/:workspace_id')?.kind).toBe('slow')
    expect(faults.take('POST', '/v1/organizations/invites', '/v1/organizations/invites')?.kind).toBe('500')
  })

  it('counts down `times` and removes itself', () => {
    const faults = createFaultRegistry()
    faults.set('GET /v1/organizations/api_keys', { kind: '429', retryAfterSeconds: 1, times: 2 })
    const take = () => faults.take('GET', '/v1/organizations/api_keys', '/v1/organizations/api_keys')
    expect(take()?.kind).toBe('429')
    expect(take()?.kind).toBe('429')
    expect(take()).toBeNull()
    expect(faults.hits('GET /v1/organizations/api_keys')).toBe(2)
    expect(faults.list().size).toBe(0)
  })

  it('clears one route or all', () => {
    const faults = createFaultRegistry()
    faults.set('GET *', { kind: '500' })
    faults.set('POST *', { kind: '500' })
    faults.clear('GET *')
    expect([...faults.list().keys()]).toEqual(['POST *'])
    faults.clear()
    expect(faults.list().size).toBe(0)
  })
})
