import { describe, expect, it, vi } from 'vitest'
import { approvalContent } from './approval-prompt'

vi.mock('electron', () => ({}))

const base = { id: '1', profile: 'prod', directory: '/w/app', tool: 'claude' }

describe('approval words', () => {
  it('names who really asked (peer credentials) beside what it claims, and says when the OS could not tell', () => {
    expect(approvalContent({ ...base, executable: '/usr/bin/python3', pid: 4242 })).toMatchObject({
      heading: 'Allow python3 to use prod?',
      lines: [expect.stringMatching(/^\/usr\/bin\/python3 \(pid 4242\), which claims to be claude, asked for the key of profile "prod" in \/w\/app\./)],
    })
    expect(approvalContent(base).lines[0]).toMatch(/^A process Keyward could not identify, which claims to be claude/)
  })

  it('names the remote host for a key forwarded over keyward ssh; the tool stays a claim', () => {
    expect(approvalContent({ ...base, host: 'dev@buildbox' })).toMatchObject({
      heading: 'Allow dev@buildbox to use prod?',
      lines: [expect.stringMatching(/^On dev@buildbox \(reached over keyward ssh\), a tool that claims to be claude asked for the key of profile "prod" in \/w\/app\. Approving lets that ssh session have the key in that directory for a while\./)],
    })
  })

  it('Deny is focused and the answer to Escape or closing; Approve is the second button', () => {
    expect(approvalContent(base)).toMatchObject({ title: 'Keyward — approve key request', buttons: ['Deny', 'Approve'], defaultId: 0, cancelId: 0, primaryId: 1 })
    expect(approvalContent(base).lines).toHaveLength(1)
  })
})
