import { describe, expect, it } from 'vitest'
import { auditIds, auditSentence, auditWho } from './audit-sentence'

const at = '2026-03-01T12:00:00Z'

describe('audit sentences', () => {
  it('says what happened in words for each kind of event, and an unknown event by its name and detail', () => {
    expect(auditSentence({ time: at, event: 'key.served', profile: 'acme', agent: 'claude-code', host: 'dev@box' })).toBe('Served "acme" to claude-code on dev@box')
    expect(auditSentence({ time: at, event: 'binding.set', profile: 'acme', directory: '/src/acme' })).toBe('Bound /src/acme to "acme"')
    expect(auditSentence({ time: at, event: 'key.denied', profile: 'acme', detail: 'guarded profile; no approver' })).toBe('Refused a key of "acme": guarded profile; no approver')
    expect(auditSentence({ time: at, event: 'admin.action', detail: 'set API key ci-1 inactive' })).toBe('Set API key ci-1 inactive')
    expect(auditSentence({ time: at, event: 'budget.created', detail: '$500 a month for org Demo' })).toBe('Created a budget: $500 a month for org Demo')
    expect(auditSentence({ time: at, event: 'vault.sealed', detail: 'by a newer version' })).toBe('vault.sealed: by a newer version')
  })

  it.each([
    [
      'a key by its target name',
      { event: 'admin.action', detail: 'Acme: set API key apikey_01 inactive', target: { kind: 'apiKey', id: 'apikey_01', name: 'ci-deploy' } },
      'Acme: set API key "ci-deploy" inactive',
      ['apikey_01'],
    ],
    [
      'a user the detail names in brackets',
      { event: 'admin.action', detail: 'Acme: remove user user_07 (Hedy Torvalds)', target: { kind: 'user', id: 'user_07' } },
      'Acme: remove user "Hedy Torvalds"',
      ['user_07'],
    ],
    [
      'a rename once, by its new name',
      { event: 'admin.action', detail: 'Acme: rename workspace wrkspc_3 to "Research"', target: { kind: 'workspace', id: 'wrkspc_3', name: 'Research' } },
      'Acme: rename workspace to "Research"',
      ['wrkspc_3'],
    ],
    [
      'an id nothing names as it is',
      { event: 'admin.action', detail: 'Acme: add user user_07 to workspace wrkspc_3 as workspace_user', target: { kind: 'user', id: 'user_07' } },
      'Acme: add user user_07 to workspace wrkspc_3 as workspace_user',
      ['user_07', 'wrkspc_3'],
    ],
    [
      'a failed offboarding step by the key name',
      { event: 'offboard.stepFailed', detail: 'Acme: deactivate apikey_9 failed: refused', target: { kind: 'apiKey', id: 'apikey_9', name: 'hedy-laptop' } },
      'An offboarding step failed: Acme: deactivate "hedy-laptop" failed: refused',
      ['apikey_9'],
    ],
  ] as const)('reads %s, and keeps the ids for the tooltip', (_, entry, said, ids) => {
    const e = { time: at, ...entry, target: { ...entry.target } }
    expect(auditSentence(e)).toBe(said)
    expect(auditIds(e)).toEqual(ids)
  })

  it('names who asked and where: the tool, the process the OS reports and its directory', () => {
    expect(auditWho({ time: at, event: 'key.served', agent: 'claude-code', executable: '/usr/bin/node', pid: 42, processDirectory: '/src/acme' })).toBe(
      'claude-code · /usr/bin/node (pid 42) in /src/acme',
    )
    expect(auditWho({ time: at, event: 'key.served', directory: '/src/acme' })).toBe('In /src/acme')
    expect(auditWho({ time: at, event: 'binding.set', directory: '/src/acme' })).toBeUndefined()
  })
})
