import { describe, expect, it, vi } from 'vitest'
import { procedureNames } from '../../shared/contract'
import { buildBridge } from './bridge'

describe('buildBridge', () => {
  it('exposes exactly the contract procedures, frozen', () => {
    const bridge = buildBridge(procedureNames, vi.fn())
    expect(Object.keys(bridge).sort()).toEqual([...procedureNames].sort())
    expect(Object.isFrozen(bridge)).toBe(true)
  })

  it('forwards the call with its name and input', async () => {
    const invoke = vi.fn(async () => ({ ok: true, value: [] }))
    const bridge = buildBridge(procedureNames, invoke)
    await bridge['profiles.list']({})
    expect(invoke).toHaveBeenCalledWith('profiles.list', {})
  })
})
