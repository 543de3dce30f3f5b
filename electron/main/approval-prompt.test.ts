import { describe, expect, it, vi } from 'vitest'
import { approvalContent } from './approval-prompt'

vi.mock('electron', () => ({}))

const base = { id: '1', profile: 'prod', directory: '/w/app', tool: 'claude' }

describe('approval words', () => {
  it('names who really asked (peer credentials) beside what it claims, and says when the OS could not tell', () => {
    expect(approvalContent({ ...base, executable: '/usr/bin/python3', pid: 4242 })).toMatchObject({
      heading: 'Allow python3 to use prod?',
      lines: [expect.stringMatching(/^A process asked for the key of profile "prod"\./), 'Process: /usr/bin/python3 (pid 4242)', 'Tool: claude (claimed)', 'Directory: /w/app'],
    })
    expect(approvalContent(base).lines.slice(1)).toEqual(['Process: not identified by the OS', 'Tool: claude (claimed)', 'Directory: /w/app'])
  })

  it('names the remote host for a key forwarded over keyward ssh; the tool and directory stay claims', () => {
    expect(approvalContent({ ...base, host: 'dev@buildbox' })).toMatchObject({
      heading: 'Allow dev@buildbox to use prod?',
      lines: [
        expect.stringMatching(
          /^A tool on dev@buildbox \(reached over keyward ssh\) asked for the key of profile "prod"\. Approving lets that ssh session have the key in that directory for a while\./,
        ),
        'Tool: claude (claimed)',
        'Directory: /w/app (claimed by the remote)',
      ],
    })
  })

  it('Deny is focused and the answer to Escape or closing; Approve is the second button', () => {
    expect(approvalContent(base)).toMatchObject({ title: 'Keyward — approve key request', buttons: ['Deny', 'Approve'], defaultId: 0, cancelId: 0, primaryId: 1 })
    expect(approvalContent(base).lines).toHaveLength(4)
  })
})
