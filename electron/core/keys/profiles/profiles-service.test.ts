import { mkdtemp, realpath, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createProfilesService } from './profiles-service'
import type { ConfigStore } from '../../platform/config/config-store'
import { type TempVault, adminKey, apiKey, createTempVault } from '../../vault/temp-vault.test-support'

/** Runs `action`, expects it to fail with `code`, and checks that nothing stored changed. */
async function failsAndChangesNothing(vault: TempVault, action: () => Promise<unknown>, code: string, message?: RegExp): Promise<void> {
  const before = await vault.snapshot()
  const error = await action().then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toMatchObject({ code })
  if (message) expect((error as Error).message).toMatch(message)
  expect(await vault.snapshot()).toEqual(before)
}

describe('profiles service', () => {
  it('adds a profile: key in the keychain, hint and metadata in the config, an audit line', async () => {
    const vault = await createTempVault()
    const added = await vault.profiles.add({ name: 'acme', kind: 'api', key: `${apiKey('R2D')}\n` })
    expect(added).toEqual({
      name: 'acme',
      kind: 'api',
      hint: 'sk-ant-api03-R2…igAA',
      tags: [],
      createdAt: '2025-01-02T03:04:05.000Z',
      rotatedAt: null,
      isDefault: false,
      requiresApproval: false,
      forwardable: false,
    })
    expect(vault.keychain.entries.get('acme')).toBe(apiKey('R2D'))
    expect(await vault.profiles.list()).toEqual([added])
    expect((await vault.audit.read())[0]).toMatchObject({ event: 'profile.added', profile: 'acme' })
    const files = (await vault.snapshot()).files
    for (const text of Object.values(files)) expect(text).not.toContain(apiKey('R2D').slice(13, 40))
  })

  it('refuses bad input with a specific code and changes nothing', async () => {
    const vault = await createTempVault()
    await vault.profiles.add({ name: 'acme', kind: 'api', key: apiKey() })
    await failsAndChangesNothing(vault, () => vault.profiles.add({ name: 'bad', kind: 'api', key: 'sk-ant-api03-oops' }), 'INVALID_INPUT', /expected an API key/)
    await failsAndChangesNothing(vault, () => vault.profiles.add({ name: 'adm', kind: 'api', key: adminKey() }), 'INVALID_INPUT', /starts with sk-ant-admin01-/)
    await failsAndChangesNothing(vault, () => vault.profiles.add({ name: 'acme', kind: 'api', key: apiKey('B') }), 'ALREADY_EXISTS', /already exists/)
    await failsAndChangesNothing(vault, () => vault.profiles.add({ name: 'no spaces', kind: 'api', key: apiKey('B') }), 'INVALID_INPUT', /not a valid profile name/)
    await failsAndChangesNothing(vault, () => vault.profiles.remove('ghost'), 'NOT_FOUND', /no profile "ghost"; run: keyward list/)
    await failsAndChangesNothing(vault, () => vault.profiles.rename('ghost', 'x'), 'NOT_FOUND')
    await failsAndChangesNothing(vault, () => vault.profiles.setDefault('ghost'), 'NOT_FOUND')
    await failsAndChangesNothing(vault, () => vault.profiles.rename('acme', 'acme'), 'INVALID_INPUT')
  })

  it('refuses an Admin key as the default', async () => {
    const vault = await createTempVault()
    await vault.profiles.add({ name: 'org', kind: 'admin', key: adminKey() })
    await failsAndChangesNothing(vault, () => vault.profiles.setDefault('org'), 'INVALID_INPUT', /Admin key/)
  })

  it('with the keychain unavailable: KEYCHAIN_UNAVAILABLE and no config change, for every change', async () => {
    const vault = await createTempVault()
    await vault.profiles.add({ name: 'acme', kind: 'api', key: apiKey() })
    vault.keychain.failing = true
    await failsAndChangesNothing(vault, () => vault.profiles.add({ name: 'new', kind: 'api', key: apiKey('N') }), 'KEYCHAIN_UNAVAILABLE', /Nothing was stored in plaintext/)
    await failsAndChangesNothing(vault, () => vault.profiles.remove('acme'), 'KEYCHAIN_UNAVAILABLE')
    await failsAndChangesNothing(vault, () => vault.profiles.rename('acme', 'other'), 'KEYCHAIN_UNAVAILABLE')
  })

  it('undoes the keychain change when the config write fails (nothing half-done)', async () => {
    const vault = await createTempVault()
    await vault.profiles.add({ name: 'acme', kind: 'api', key: apiKey() })
    // A store that runs the change (so the keychain is touched) and then fails to write, like a full disk.
    const failingConfig: ConfigStore = {
      path: vault.config.path,
      read: () => vault.config.read(),
      update: async (change) => {
        await change(await vault.config.read())
        throw new Error('ENOSPC: no space left on device')
      },
    }
    const profiles = createProfilesService({ config: failingConfig, keychain: vault.keychain, audit: vault.audit })
    const before = await vault.snapshot()
    await expect(profiles.add({ name: 'two', kind: 'api', key: apiKey('T') })).rejects.toThrow('ENOSPC')
    await expect(profiles.rename('acme', 'renamed')).rejects.toThrow('ENOSPC')
    await expect(profiles.remove('acme')).rejects.toThrow('ENOSPC')
    expect(await vault.snapshot()).toEqual(before)
  })

  it('renames: keychain entry, bindings, allow records and the default follow', async () => {
    const vault = await createTempVault()
    const dir = await mkdtemp(join(tmpdir(), 'keyward-proj-'))
    await vault.profiles.add({ name: 'acme', kind: 'api', key: apiKey() })
    await vault.bindings.set(dir, 'acme')
    await vault.profiles.setDefault('acme')
    const renamed = await vault.profiles.rename('acme', 'acme-2')
    expect(renamed).toMatchObject({ name: 'acme-2', isDefault: true, hint: 'sk-ant-api03-Ax…igAA' })
    expect([...vault.keychain.entries.keys()]).toEqual(['acme-2'])
    expect((await vault.bindings.list()).map((b) => b.profile)).toEqual(['acme-2'])
    await vault.profiles.add({ name: 'x', kind: 'api', key: apiKey('X') })
    await failsAndChangesNothing(vault, () => vault.profiles.rename('x', 'acme-2'), 'ALREADY_EXISTS')
  })

  it('refuses to remove a bound or default profile unless forced, then removes those too', async () => {
    const vault = await createTempVault()
    const dir = await mkdtemp(join(tmpdir(), 'keyward-proj-'))
    await vault.profiles.add({ name: 'acme', kind: 'api', key: apiKey() })
    await vault.bindings.set(dir, 'acme')
    await writeFile(join(dir, '.keyward.json'), '{"profile":"acme"}')
    await vault.bindings.allow(dir)
    await failsAndChangesNothing(vault, () => vault.profiles.remove('acme'), 'CONFLICT', /bound to .*; unbind it first, or run: keyward remove acme --force/)
    const removed = await vault.profiles.remove('acme', { force: true })
    expect(removed).toEqual({ name: 'acme', removedBindings: [await realpath(dir)], clearedDefault: false })
    expect(vault.keychain.entries.size).toBe(0)
    expect(await vault.bindings.list()).toEqual([])
    expect((await vault.config.read()).allowedProjects).toEqual([])
  })

  it('removes a profile whose keychain entry vanished outside Keyward', async () => {
    const vault = await createTempVault()
    await vault.profiles.add({ name: 'acme', kind: 'api', key: apiKey() })
    vault.keychain.entries.clear()
    await vault.profiles.remove('acme')
    expect(await vault.profiles.list()).toEqual([])
  })

  it('copies a key only through the injected clipboard', async () => {
    const vault = await createTempVault()
    await vault.profiles.add({ name: 'acme', kind: 'api', key: apiKey() })
    const copied: string[] = []
    await vault.profiles.copyKey('acme', { writeSecret: async (s) => void copied.push(s) })
    expect(copied).toEqual([apiKey()])
    expect((await vault.audit.read())[0]).toMatchObject({ event: 'key.copied', profile: 'acme' })
  })
})
