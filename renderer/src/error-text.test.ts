import { describe, expect, it } from 'vitest'
import { procedures, refusedOverHttp } from '../../shared/contract'
import { uiMessage } from './error-text'

describe('uiMessage', () => {
  it('drops the procedure name of an input error and reads as a sentence', () => {
    expect(uiMessage('budgets.set: limit: the amount is not a decimal number')).toBe('Limit: the amount is not a decimal number.')
    expect(uiMessage('Keyward hit an unexpected error in budgets.set; the log has the details.')).toBe('Keyward hit an unexpected error; the log has the details.')
  })
  it('drops the clauses that are command lines, keeping what happened', () => {
    expect(uiMessage('the keychain has no key for profile "acme"; run: keyward remove acme --force, then add it again')).toBe('The keychain has no key for profile "acme".')
    expect(uiMessage('the range starts (2026-02-01) after it ends (2026-01-01); swap --from and --to.')).toBe('The range starts (2026-02-01) after it ends (2026-01-01).')
    expect(uiMessage('the Admin key for Demo is wrong or revoked; remove the demo org and add it again (keyward demo).')).toBe('The Admin key for Demo is wrong or revoked.')
    expect(uiMessage('there is no directory /nope; create it first or pass an existing one with --dir')).toBe('There is no directory /nope; create it first.')
  })
  it('leaves a plain message alone but for its capital and full stop', () => {
    expect(uiMessage('this person is the primary owner of Demo')).toBe('This person is the primary owner of Demo.')
    expect(uiMessage('Nothing to do.')).toBe('Nothing to do.')
  })
  it('never shows a CLI flag or a procedure name', () => {
    for (const m of ['usage.summary: from: expected YYYY-MM-DD', 'no key is bound to /x or its parents; run: keyward use <profile> --dir /x']) {
      const text = uiMessage(m)
      expect(text).not.toMatch(/--[a-z]|keyward [a-z]|[a-z]+\.[a-z]+[A-Z][a-z]+:/)
    }
  })
  it.each(refusedOverHttp.map((name) => [name]))('says where to go instead when the web dashboard may not call %s', (name) => {
    const policy = procedures[name].policy
    const text = uiMessage(`${name}: ${'httpRefusal' in policy ? policy.httpRefusal : ''}`)
    expect(text).toMatch(/^[A-Z][a-z]+ing .+ is not available on the daemon's web dashboard, because .+: .+ in the desktop app, or (.+ )?in a terminal on this machine\.$/)
    expect(text).not.toMatch(/keyward [a-z]|[a-z]+\.[a-z]+[A-Z]?[a-z]*:/)
  })
})
