import { rm } from 'node:fs/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { type TempVault, adminKey, apiKey, createTempVault } from '../../vault/temp-vault.test-support'
import { createTrayService } from './tray-service'
import { vaultTrayProviders } from './vault-tray-providers'

describe('vault tray providers', () => {
  let vault: TempVault | undefined
  afterEach(async () => {
    if (vault) await rm(vault.dataDir, { recursive: true, force: true })
    vault = undefined
  })

  async function seeded(): Promise<TempVault> {
    vault = await createTempVault()
    await vault.profiles.add({ name: 'beta', kind: 'api', key: apiKey('B') })
    await vault.profiles.add({ name: 'acme', kind: 'api', key: apiKey('A') })
    await vault.profiles.add({ name: 'org', kind: 'admin', key: adminKey('O') })
    await vault.profiles.setDefault('acme')
    return vault
  }

  it('lists profiles by name with hints only, and the default', async () => {
    const v = await seeded()
    const result = await vaultTrayProviders(v).profiles()
    expect(result.defaultProfile).toBe('acme')
    expect(result.profiles.map((p) => p.name)).toEqual(['acme', 'beta', 'org'])
    for (const p of result.profiles) expect(Object.keys(p).sort()).toEqual(['hint', 'name'])
    expect(JSON.stringify(result)).not.toContain(apiKey('A'))
  })

  it('reads API and Admin keys of existing profiles only, never another keychain account', async () => {
    const v = await seeded()
    v.keychain.entries.set('stray', apiKey('S'))
    const providers = vaultTrayProviders(v)
    expect(await providers.readKey('acme')).toBe(apiKey('A'))
    expect(await providers.readKey('org')).toBe(adminKey('O'))
    await expect(providers.readKey('stray')).rejects.toMatchObject({ code: 'NOT_FOUND' })
    v.keychain.entries.delete('beta')
    await expect(providers.readKey('beta')).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('keyward remove beta --force') })
  })

  it('switches the default through the vault (audited), and refuses an Admin-key profile', async () => {
    const v = await seeded()
    const providers = vaultTrayProviders(v)
    await providers.setDefaultProfile('beta')
    expect((await v.config.read()).defaultProfile).toBe('beta')
    expect((await v.audit.read({ limit: 1 }))[0]).toMatchObject({ event: 'default.set', profile: 'beta' })
    await expect(providers.setDefaultProfile('org')).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    await expect(providers.setDefaultProfile('nope')).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('returns key.served entries newest first, which the tray turns into unique recent projects', async () => {
    const v = await seeded()
    await v.audit.append({ event: 'key.served', profile: 'acme', directory: '/w/acme', transport: 'socket' })
    await v.audit.append({ event: 'key.served', profile: 'beta', directory: '/w/beta', transport: 'socket' })
    await v.audit.append({ event: 'key.copied', profile: 'acme' })
    await v.audit.append({ event: 'key.served', profile: 'acme', directory: '/w/acme', transport: 'direct' })
    const providers = vaultTrayProviders(v)
    const served = await providers.recentServed(50)
    expect(served.map((e) => [e.event, e.directory])).toEqual([
      ['key.served', '/w/acme'],
      ['key.served', '/w/beta'],
      ['key.served', '/w/acme'],
    ])
    const summary = await createTrayService({ ...emptyUsage, ...providers }).summary()
    expect(summary.recentProjects.map((p) => p.directory)).toEqual(['/w/acme', '/w/beta'])
    expect(summary.defaultProfile).toBe('acme')
  })

  it('records a copy as key.copied in the audit log, without the key', async () => {
    const v = await seeded()
    const service = createTrayService({ ...emptyUsage, ...vaultTrayProviders(v) })
    expect(await service.readKeyForClipboard('beta')).toBe(apiKey('B'))
    const [last] = await v.audit.read({ limit: 1 })
    expect(last).toMatchObject({ event: 'key.copied', profile: 'beta', transport: 'tray' })
    expect(JSON.stringify(await v.audit.read())).not.toContain(apiKey('B'))
  })
})

const emptyUsage = {
  spend: async () => ({ today: { amount: '0', currency: 'USD' }, monthToDate: { amount: '0', currency: 'USD' } }),
  budgetState: async () => 'none' as const,
  lastSyncedAt: async () => null,
  dataRefreshedAt: async () => null,
  syncNow: async () => {},
}
