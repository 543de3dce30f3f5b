import { describe, expect, it } from 'vitest'
import { KeywardError } from '../../shared/errors'
import { type ProcedureName, TRANSPORTS, type Transport, allowsTransport, procedureNames, procedures, refusedOverHttp } from '../../shared/contract'
import { type Handlers, createRouter } from './router'

/** Every handler answers with a marker error, so a test can tell "the router let it through" from "the router refused it". */
function reachedHandlers(reached: string[]): Handlers {
  const all: Record<string, unknown> = {}
  for (const name of procedureNames) {
    all[name] = () => {
      reached.push(name)
      throw new KeywardError('CONFLICT', `${name} reached its handler`)
    }
  }
  return all as Handlers
}

const cases: [ProcedureName, Transport, boolean][] = procedureNames.flatMap((name) =>
  TRANSPORTS.map((t): [ProcedureName, Transport, boolean] => [name, t, allowsTransport(procedures[name].policy, t)]),
)

describe('the router enforces each procedure’s declared transports', () => {
  it.each(cases)('%s over %s: permitted=%s', async (name, transport, permitted) => {
    const reached: string[] = []
    const router = createRouter(reachedHandlers(reached))
    // Input that no procedure accepts: a refusal must come before parsing, a permitted call fails parsing.
    const bad = await router.call(name, { 'no such field': true, name: 42 }, { transport })
    if (permitted) {
      expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    } else {
      expect(bad).toEqual({ ok: false, error: { code: 'NOT_ALLOWED', message: expect.stringMatching(new RegExp(`^${name.replace('.', '\\.')}: .+ (desktop app|terminal)`)) } })
    }
    expect(reached).toEqual([])
  })

  it('lets the test transport call everything (unit tests stand in for a trusted host)', async () => {
    const reached: string[] = []
    const router = createRouter(reachedHandlers(reached))
    for (const name of refusedOverHttp) expect(await router.call(name, {}, { transport: 'test' })).not.toMatchObject({ error: { code: 'NOT_ALLOWED' } })
  })

  it('refuses over HTTP only these procedures (a loosening shows in this list’s diff)', () => {
    expect(refusedOverHttp).toEqual(['profiles.copyKey', 'orgs.add'])
  })

  it('lets the desktop app and the terminal call every procedure', () => {
    expect(procedureNames.filter((n) => !allowsTransport(procedures[n].policy, 'ipc') || !allowsTransport(procedures[n].policy, 'cli'))).toEqual([])
  })

  it('gives every refused procedure a sentence that says why and what to do instead, with no secret in it', () => {
    for (const name of refusedOverHttp) {
      const policy = procedures[name].policy
      expect('httpRefusal' in policy && policy.httpRefusal).toMatch(/because .+: .*(desktop app|terminal).*; run: keyward /)
      expect(JSON.stringify(policy)).not.toMatch(/sk-ant-/)
    }
  })

  it('lets a permitted call reach its handler', async () => {
    const reached: string[] = []
    const router = createRouter(reachedHandlers(reached))
    expect(await router.call('orgs.list', {}, { transport: 'http' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(await router.call('orgs.add', { adminProfile: 'boss' }, { transport: 'ipc' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(await router.call('orgs.add', { adminProfile: 'boss' }, { transport: 'http' })).toMatchObject({ ok: false, error: { code: 'NOT_ALLOWED' } })
    expect(reached).toEqual(['orgs.list', 'orgs.add'])
  })
})
