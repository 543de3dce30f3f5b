import { describe, expect, it } from 'vitest'
import { smtpResult } from './email-channel'

describe('SMTP failures', () => {
  it('retries 4xx replies and connection trouble, gives up on 5xx and a server without STARTTLS', () => {
    expect(smtpResult({ responseCode: 451, code: 'EENVELOPE' })).toEqual({ kind: 'transient', reason: 'the SMTP server answered 451' })
    expect(smtpResult({ responseCode: 550, code: 'EENVELOPE' })).toEqual({ kind: 'permanent', reason: 'the SMTP server answered 550' })
    expect(smtpResult({ responseCode: 535, code: 'EAUTH' })).toEqual({ kind: 'permanent', reason: 'the SMTP server answered 535: the login was refused; check the user and password' })
    expect(smtpResult({ code: 'ETLS', message: 'Server does not support STARTTLS' })).toMatchObject({ kind: 'permanent' })
    expect(smtpResult({ code: 'ECONNECTION', message: 'connect ECONNREFUSED' })).toEqual({ kind: 'transient', reason: 'the SMTP server could not be reached (ECONNECTION)' })
  })
})
