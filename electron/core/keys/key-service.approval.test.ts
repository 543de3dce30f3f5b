import { mkdtemp, realpath } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import type { ApprovalDecision, Approver } from '../alerts/notify/approver'
import { apiKey, createTempVault } from '../vault/temp-vault.test-support'
import { guardSecretAccount } from '../vault/secret-accounts'
import { createKeyService, guardRefusal } from './key-service'
import { headlessApprover } from '../alerts/notify/approver'

/** A fake approver that answers `decision` and records what it was asked. */
function fakeApprover(decision: ApprovalDecision): Approver & { request: ReturnType<typeof vi.fn> } {
  return { request: vi.fn(async () => decision) }
}

/** A vault with a guarded default profile `acme` and an unguarded profile `open`, and a project dir. */
async function setup() {
  const vault = await createTempVault()
  const dir = await realpath(await mkdtemp(join(tmpdir(), 'keyward-proj-')))
  await vault.profiles.add({ name: 'acme', kind: 'api', key: apiKey('acme'), requiresApproval: true })
  await vault.profiles.add({ name: 'open', kind: 'api', key: apiKey('open') })
  await vault.profiles.setDefault('acme')
  const spy = vi.spyOn(vault.keychain, 'get')
  // Reads of profile keys only: the guard seal's secret (keyward:integrity:…) is read before every serve.
  const reads = { calls: () => spy.mock.calls.filter(([account]) => account !== guardSecretAccount(vault.config.path)) }
  return { vault, dir, reads }
}

const REFUSAL = 'or turn the guard off: keyward guard acme --off'

describe('guardRefusal: what really happens on each host', () => {
  it('speaks of a prompt only where there is one', () => {
    const desktop = fakeApprover('denied')
    expect(guardRefusal('acme', 'denied', desktop)).toMatch(/denied; acme needs approval in the Keyward app: approve its prompt/)
    expect(guardRefusal('acme', 'timeout', desktop)).toMatch(/nobody approved it in time/)
    const headless = guardRefusal(
      'acme',
      'unavailable',
      headlessApprover(() => {}),
    )
    expect(headless).toMatch(/headless keyward daemon has no prompt to ask anyone, so it refuses every request for a guarded profile; run the Keyward desktop app instead/)
    expect(headless).not.toMatch(/approve (the|its) prompt/)
    const nobody = guardRefusal('acme', 'unavailable', undefined)
    expect(nobody).toMatch(/no Keyward desktop app is running to ask you; start the desktop app/)
    for (const text of [headless, nobody]) expect(text).toContain('keyward guard acme --off')
  })
})

describe('key service: profiles that require approval', () => {
  it('asks the approver before reading the keychain, and serves once approved', async () => {
    const { vault, dir, reads } = await setup()
    const approver = fakeApprover('approved')
    approver.request.mockImplementation(async () => {
      expect(reads.calls()).toEqual([])
      return 'approved'
    })
    const keys = createKeyService({ dataDir: vault.dataDir, keychain: vault.keychain, audit: vault.audit, readConfig: () => vault.config.read(), approver })
    expect(await keys.resolve(dir, 'claude', 'socket')).toMatchObject({ profile: 'acme', key: apiKey('acme'), reason: 'default' })
    expect(approver.request).toHaveBeenCalledWith({ profile: 'acme', directory: dir, tool: 'claude' }, expect.objectContaining({ timeoutMs: expect.any(Number) }))
    expect(reads.calls()).toEqual([['acme']])
  })

  it.each(['denied', 'timeout', 'unavailable'] as const)('refuses with NOT_ALLOWED when the answer is %s, without reading the keychain', async (decision) => {
    const { vault, dir, reads } = await setup()
    const keys = createKeyService({ dataDir: vault.dataDir, keychain: vault.keychain, audit: vault.audit, readConfig: () => vault.config.read(), approver: fakeApprover(decision) })
    await expect(keys.resolve(dir, 'claude', 'socket')).rejects.toMatchObject({ code: 'NOT_ALLOWED', message: expect.stringContaining(REFUSAL) })
    expect(reads.calls()).toEqual([])
    const audit = await vault.audit.read()
    expect(audit.some((e) => e.event === 'key.served')).toBe(false)
    expect(audit[0]).toMatchObject({ event: 'key.denied', profile: 'acme', directory: dir, detail: expect.stringContaining(decision) })
  })

  it('applies the same gate to a named profile (helper --profile)', async () => {
    const { vault, dir, reads } = await setup()
    const denied = createKeyService({ dataDir: vault.dataDir, keychain: vault.keychain, audit: vault.audit, readConfig: () => vault.config.read(), approver: fakeApprover('denied') })
    await expect(denied.resolveProfile('acme', dir, undefined, 'socket')).rejects.toMatchObject({ code: 'NOT_ALLOWED', message: expect.stringContaining(REFUSAL) })
    expect(reads.calls()).toEqual([])
    const approved = createKeyService({ dataDir: vault.dataDir, keychain: vault.keychain, audit: vault.audit, readConfig: () => vault.config.read(), approver: fakeApprover('approved') })
    expect(await approved.resolveProfile('acme', dir, undefined, 'socket')).toMatchObject({ profile: 'acme', key: apiKey('acme') })
  })

  it('never prompts for a profile that does not require approval', async () => {
    const { vault, dir } = await setup()
    await vault.bindings.set(dir, 'open')
    const approver = fakeApprover('denied')
    const keys = createKeyService({ dataDir: vault.dataDir, keychain: vault.keychain, audit: vault.audit, readConfig: () => vault.config.read(), approver })
    expect(await keys.resolve(dir, undefined, 'socket')).toMatchObject({ profile: 'open', key: apiKey('open') })
    expect(await keys.resolveProfile('open', dir, undefined, 'socket')).toMatchObject({ profile: 'open' })
    expect(approver.request).not.toHaveBeenCalled()
  })

  it('without an approver (the no-daemon helper) refuses a guarded profile with the same message', async () => {
    const { vault, dir, reads } = await setup()
    const keys = createKeyService({ dataDir: vault.dataDir, keychain: vault.keychain, audit: vault.audit, readConfig: () => vault.config.read() })
    await expect(keys.resolve(dir, undefined, 'direct')).rejects.toMatchObject({ code: 'NOT_ALLOWED', message: expect.stringContaining(REFUSAL) })
    expect(reads.calls()).toEqual([])
  })

  it('turning approval off serves without asking; the config keeps the flag across reads', async () => {
    const { vault, dir } = await setup()
    expect((await vault.profiles.list()).find((p) => p.name === 'acme')?.requiresApproval).toBe(true)
    await vault.profiles.setApproval('acme', false)
    const approver = fakeApprover('denied')
    const keys = createKeyService({ dataDir: vault.dataDir, keychain: vault.keychain, audit: vault.audit, readConfig: () => vault.config.read(), approver })
    expect(await keys.resolve(dir, undefined, 'direct')).toMatchObject({ profile: 'acme' })
    expect(approver.request).not.toHaveBeenCalled()
    expect((await vault.audit.read()).some((e) => e.event === 'approval.set' && e.detail === 'off')).toBe(true)
  })
})
