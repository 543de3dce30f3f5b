import { describe, expect, it, vi } from 'vitest'
import { approvalContent, callerClaim } from './approval-prompt'

vi.mock('electron', () => ({}))

const base = { id: '1', profile: 'prod', directory: '/w/app', tool: 'claude' }

describe('approval words', () => {
  it('names who really asked (peer credentials) beside what it claims, when known', () => {
    expect(callerClaim({ ...base, executable: '/usr/bin/python3', pid: 4242 })).toBe('/usr/bin/python3 (pid 4242) claims to be claude')
    expect(callerClaim({ ...base, executable: '/usr/bin/python3' })).toBe('/usr/bin/python3 claims to be claude')
    expect(callerClaim({ ...base, pid: 4242 })).toBe('Process 4242 claims to be claude')
    expect(callerClaim(base)).toBeNull()
  })

  it('Deny is focused and the answer to Escape or closing; Approve is the second button', () => {
    expect(approvalContent(base)).toMatchObject({ title: 'Keyward — approve key request', buttons: ['Deny', 'Approve'], defaultId: 0, cancelId: 0, primaryId: 1 })
    expect(approvalContent(base).lines).toHaveLength(1)
    expect(approvalContent({ ...base, pid: 1 }).lines[0]).toBe('Process 1 claims to be claude')
  })
})
