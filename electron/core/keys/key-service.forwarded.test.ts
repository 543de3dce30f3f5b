import { describe, expect, it, vi } from 'vitest'
import type { ApprovalDecision, Approver } from '../alerts/notify/approver'
import { guardSecretAccount } from '../vault/secret-accounts'
import { apiKey, createTempVault } from '../vault/temp-vault.test-support'
import { createKeyService } from './key-service'

const REMOTE = { host: 'dev@buildbox', session: 'ab'.repeat(16) }

/** A vault with a forwardable profile `fwd`, a guarded forwardable `guarded`, a plain `local` and an Admin profile. */
async function setup(decision: ApprovalDecision = 'approved') {
  const vault = await createTempVault()
  await vault.profiles.add({ name: 'fwd', kind: 'api', key: apiKey('fwd') })
  await vault.profiles.add({ name: 'guarded', kind: 'api', key: apiKey('guarded'), requiresApproval: true })
  await vault.profiles.add({ name: 'local', kind: 'api', key: apiKey('local') })
  await vault.profiles.setForwardable('fwd', true)
  await vault.profiles.setForwardable('guarded', true)
  const approver: Approver & { request: ReturnType<typeof vi.fn> } = { request: vi.fn(async () => decision) }
  const spy = vi.spyOn(vault.keychain, 'get')
  const reads = () => spy.mock.calls.filter(([account]) => account !== guardSecretAccount(vault.config.path))
  const keys = createKeyService({ dataDir: vault.dataDir, keychain: vault.keychain, audit: vault.audit, readConfig: () => vault.config.read(), approver })
  return { vault, keys, approver, reads }
}

describe('key service: keys forwarded to a remote machine (keyward ssh)', () => {
  it('serves a forwardable profile for a remote directory it never looks up, audited as forwarded with the host', async () => {
    const { vault, keys } = await setup()
    expect(await keys.resolveForwarded('fwd', '/srv/remote/app', 'claude', REMOTE)).toMatchObject({ profile: 'fwd', key: apiKey('fwd'), directory: '/srv/remote/app' })
    expect((await vault.audit.read())[0]).toMatchObject({ event: 'key.served', profile: 'fwd', directory: '/srv/remote/app', agent: 'claude', transport: 'forwarded', host: 'dev@buildbox' })
  })

  it('refuses a profile that is not forwardable and one that does not exist with the same words, reading no key', async () => {
    const { vault, keys, reads } = await setup()
    for (const name of ['local', 'missing']) {
      await expect(keys.resolveForwarded(name, '/srv', undefined, REMOTE)).rejects.toMatchObject({
        code: 'NOT_ALLOWED',
        message: `the laptop does not forward a profile "${name}" (not marked forwardable, or no such profile); on the laptop, run: keyward forward ${name}`,
      })
    }
    expect(reads()).toEqual([])
    const denied = (await vault.audit.read()).filter((e) => e.event === 'key.denied')
    expect(denied.map((e) => [e.profile, e.detail, e.transport, e.host])).toEqual([
      ['missing', 'no such profile', 'forwarded', 'dev@buildbox'],
      ['local', 'not forwardable', 'forwarded', 'dev@buildbox'],
    ])
  })

  it('stops serving a profile once forwarding is turned off', async () => {
    const { vault, keys } = await setup()
    await vault.profiles.setForwardable('fwd', false)
    await expect(keys.resolveForwarded('fwd', '/srv', undefined, REMOTE)).rejects.toMatchObject({ code: 'NOT_ALLOWED' })
  })

  it('asks for approval of a guarded profile naming the remote host, remembered per ssh session and directory', async () => {
    const { keys, approver, reads } = await setup()
    approver.request.mockImplementation(async () => {
      expect(reads()).toEqual([])
      return 'approved'
    })
    expect(await keys.resolveForwarded('guarded', '/srv/app', 'claude', REMOTE)).toMatchObject({ key: apiKey('guarded') })
    expect(approver.request).toHaveBeenCalledWith(
      { profile: 'guarded', directory: '/srv/app', tool: 'claude', host: 'dev@buildbox', identity: ['forwarded', REMOTE.session, REMOTE.host, '/srv/app'].join('\u0000') },
      expect.objectContaining({ timeoutMs: expect.any(Number) }),
    )
  })

  it.each([
    ['denied', 'the request was denied on the laptop'],
    ['timeout', 'nobody approved it on the laptop in time'],
    ['unavailable', 'the laptop runs the headless daemon'],
  ] as const)('refuses a guarded profile when the answer is %s, audited with the host', async (decision, why) => {
    const { vault, keys, reads } = await setup(decision)
    await expect(keys.resolveForwarded('guarded', '/srv', undefined, REMOTE)).rejects.toMatchObject({ code: 'NOT_ALLOWED', message: expect.stringContaining(why) })
    expect(reads()).toEqual([])
    expect((await vault.audit.read())[0]).toMatchObject({ event: 'key.denied', profile: 'guarded', transport: 'forwarded', host: 'dev@buildbox', detail: `approval ${decision}` })
  })

  it('never forwards an Admin key: it cannot even be marked', async () => {
    const { vault } = await setup()
    await vault.profiles.add({ name: 'adm', kind: 'admin', key: `sk-ant-admin01-${'Q'.repeat(80)}AA` })
    await expect(vault.profiles.setForwardable('adm', true)).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('cannot be forwarded') })
    expect((await vault.profiles.list()).find((p) => p.name === 'adm')?.forwardable).toBe(false)
  })
})
