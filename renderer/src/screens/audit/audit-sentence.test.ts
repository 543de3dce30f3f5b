import { describe, expect, it } from 'vitest'
import { auditSentence, auditWho } from './audit-sentence'

const at = '2026-03-01T12:00:00Z'

describe('audit sentences', () => {
  it('says what happened in words for each kind of event, and an unknown event by its name and detail', () => {
    expect(auditSentence({ time: at, event: 'key.served', profile: 'acme', agent: 'claude-code', host: 'dev@box' })).toBe('Served "acme" to claude-code on dev@box')
    expect(auditSentence({ time: at, event: 'binding.set', profile: 'acme', directory: '/src/acme' })).toBe('Bound /src/acme to "acme"')
    expect(auditSentence({ time: at, event: 'key.denied', profile: 'acme', detail: 'guarded profile; no approver' })).toBe('Refused a key of "acme": guarded profile; no approver')
    expect(auditSentence({ time: at, event: 'admin.action', detail: 'set API key ci-1 inactive' })).toBe('Set API key ci-1 inactive')
    expect(auditSentence({ time: at, event: 'budget.created', detail: 'org Demo, $500 a month' })).toBe('budget.created: org Demo, $500 a month')
  })

  it('names who asked and where: the tool, the process the OS reports and its directory', () => {
    expect(auditWho({ time: at, event: 'key.served', agent: 'claude-code', executable: '/usr/bin/node', pid: 42, processDirectory: '/src/acme' })).toBe(
      'claude-code · /usr/bin/node (pid 42) in /src/acme',
    )
    expect(auditWho({ time: at, event: 'key.served', directory: '/src/acme' })).toBe('In /src/acme')
    expect(auditWho({ time: at, event: 'binding.set', directory: '/src/acme' })).toBeUndefined()
  })
})
