import { mkdtemp, readFile, realpath, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createServingConfigReader } from '../platform/config/serving-config'
import { guardSecretAccount } from '../vault/secret-accounts'
import { adminKey, apiKey, createTempVault } from '../vault/temp-vault.test-support'
import { createVault } from '../vault/vault'
import { createKeyService } from './key-service'

/** The parts of config.json these tests edit by hand. */
interface EditableConfig {
  profiles: { name: string; kind: string; requiresApproval?: boolean; forwardable?: boolean }[]
  guardSeal?: unknown
}

/** A vault with a guarded `acme`, an unguarded `open` (bound to the project), and the no-daemon helper's key service over it. */
async function setup() {
  const vault = await createTempVault()
  const dir = await realpath(await mkdtemp(join(tmpdir(), 'keyward-seal-')))
  await vault.profiles.add({ name: 'acme', kind: 'api', key: apiKey('acme'), requiresApproval: true })
  await vault.profiles.add({ name: 'open', kind: 'api', key: apiKey('open') })
  await vault.bindings.set(dir, 'open')
  const configPath = join(vault.dataDir, 'config.json')
  const edit = async (change: (config: EditableConfig) => void) => {
    const config = JSON.parse(await readFile(configPath, 'utf8'))
    change(config)
    await writeFile(configPath, JSON.stringify(config))
  }
  // The helper's own path: the hand-written (zod-free) config reader, no approver.
  const keys = createKeyService({ dataDir: vault.dataDir, keychain: vault.keychain, audit: vault.audit, readConfig: createServingConfigReader(vault.dataDir) })
  return { vault, dir, edit, configPath, keys }
}

const ADVICE = 'keyward guard --reseal --yes'

describe('the guard seal: guard settings changed outside Keyward are noticed', () => {
  it('turning the guard off in config.json refuses that profile on the no-daemon path, audited; the others still serve', async () => {
    const { vault, dir, edit, keys } = await setup()
    await edit((c) => (c.profiles.find((p) => p.name === 'acme')!.requiresApproval = false))
    await expect(keys.resolveProfile('acme', dir, 'claude', 'direct')).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
      message: expect.stringMatching(
        new RegExp(`requiresApproval, kind or forwardable of acme was changed in config.json outside Keyward, so Keyward serves nothing from acme until you check: .*${ADVICE}`),
      ),
    })
    expect(await keys.resolve(dir, 'claude', 'direct')).toMatchObject({ profile: 'open', key: apiKey('open') })
    const audit = await vault.audit.read()
    expect(audit.find((e) => e.event === 'guard.tampered')).toMatchObject({ profile: 'acme', transport: 'direct' })
    expect(audit.filter((e) => e.event === 'key.served').map((e) => e.profile)).toEqual(['open'])
  })

  it('a seal removed from config.json refuses every profile', async () => {
    const { dir, edit, keys } = await setup()
    await edit((c) => delete c.guardSeal)
    await expect(keys.resolve(dir, undefined, 'direct')).rejects.toMatchObject({ code: 'NOT_ALLOWED', message: expect.stringContaining('the guard seal was removed from config.json') })
  })

  it('an older seal copied back (a replay) does not verify: every seal uses a fresh secret', async () => {
    const { vault, dir, configPath, keys } = await setup()
    await vault.profiles.setApproval('acme', false)
    const unguarded = await readFile(configPath, 'utf8')
    await vault.profiles.setApproval('acme', true)
    await writeFile(configPath, unguarded)
    await expect(keys.resolveProfile('acme', dir, undefined, 'direct')).rejects.toMatchObject({ code: 'NOT_ALLOWED', message: expect.stringContaining('does not verify') })
    await expect(keys.resolve(dir, undefined, 'direct')).rejects.toMatchObject({ code: 'NOT_ALLOWED' })
  })

  it('an Admin-key profile relabelled "api" in config.json is not served', async () => {
    const { vault, dir, edit, keys } = await setup()
    await vault.profiles.add({ name: 'org', kind: 'admin', key: adminKey('org') })
    await edit((c) => (c.profiles.find((p) => p.name === 'org')!.kind = 'api'))
    const refused = keys.resolveProfile('org', dir, undefined, 'direct')
    await expect(refused).rejects.toMatchObject({ code: 'NOT_ALLOWED', message: expect.stringContaining('kind or forwardable of org was changed') })
    await expect(refused).rejects.not.toMatchObject({ message: expect.stringContaining(adminKey('org')) })
  })

  it('a profile marked forwardable in config.json by hand is not served to keyward ssh sessions; keyward forward re-seals', async () => {
    const { vault, dir, edit, keys } = await setup()
    const remote = { host: 'dev@box', session: 'ab'.repeat(16) }
    await edit((c) => (c.profiles.find((p) => p.name === 'open')!.forwardable = true))
    await expect(keys.resolveForwarded('open', dir, undefined, remote)).rejects.toMatchObject({ code: 'NOT_ALLOWED', message: expect.stringContaining('kind or forwardable of open was changed') })
    await vault.profiles.setForwardable('open', false)
    await vault.profiles.setForwardable('open', true)
    expect(await keys.resolveForwarded('open', dir, undefined, remote)).toMatchObject({ profile: 'open', key: apiKey('open') })
  })

  it('a deleted keychain secret refuses every profile', async () => {
    const { vault, dir, keys } = await setup()
    await vault.keychain.delete(guardSecretAccount(vault.config.path))
    await expect(keys.resolve(dir, undefined, 'direct')).rejects.toMatchObject({ code: 'NOT_ALLOWED', message: expect.stringContaining('keyward:integrity:… was deleted') })
  })

  it('each data directory has its own secret: another data directory over the same keychain, never sealed, still serves', async () => {
    const { vault } = await setup()
    const otherDir = await realpath(await mkdtemp(join(tmpdir(), 'keyward-seal-')))
    const other = createVault({ dataDir: await mkdtemp(join(tmpdir(), 'keyward-seal-data-')), keychain: vault.keychain })
    await other.profiles.add({ name: 'solo', kind: 'api', key: apiKey('solo') })
    await other.bindings.set(otherDir, 'solo')
    expect(await other.profiles.guardState()).toEqual({ state: 'unsealed' })
    expect(await other.keys.resolve(otherDir, undefined, 'direct')).toMatchObject({ profile: 'solo' })
    expect(await vault.profiles.guardState()).toEqual({ state: 'sealed' })
  })

  it('a config never guarded is not sealed and serves as before; the first guard seals it', async () => {
    const vault = await createTempVault()
    const dir = await realpath(await mkdtemp(join(tmpdir(), 'keyward-seal-')))
    await vault.profiles.add({ name: 'open', kind: 'api', key: apiKey('open') })
    await vault.bindings.set(dir, 'open')
    expect([...vault.keychain.entries.keys()].some((a) => a.startsWith('keyward:integrity'))).toBe(false)
    expect(JSON.parse(await readFile(join(vault.dataDir, 'config.json'), 'utf8')).guardSeal).toBeUndefined()
    const keys = createKeyService({ dataDir: vault.dataDir, keychain: vault.keychain, audit: vault.audit, readConfig: () => vault.config.read() })
    expect(await keys.resolve(dir, undefined, 'direct')).toMatchObject({ profile: 'open' })
    await vault.profiles.setApproval('open', true)
    expect(await vault.profiles.guardState()).toEqual({ state: 'sealed' })
    expect(JSON.parse(await readFile(join(vault.dataDir, 'config.json'), 'utf8')).guardSeal).toMatchObject({ v: 1, guarded: ['open'], admin: [], mac: expect.stringMatching(/^[0-9a-f]{64}$/) })
  })

  it('while broken, changes through Keyward do not bless the edit; putting the flag back restores the seal', async () => {
    const { vault, edit } = await setup()
    await edit((c) => (c.profiles.find((p) => p.name === 'acme')!.requiresApproval = false))
    await vault.profiles.setApproval('open', true)
    expect(await vault.profiles.guardState()).toMatchObject({ state: 'broken', refuse: ['acme', 'open'] })
    await vault.profiles.setApproval('open', false)
    await vault.profiles.setApproval('acme', true)
    expect(await vault.profiles.guardState()).toEqual({ state: 'sealed' })
  })

  it('too many approvals waiting is UNAVAILABLE with what to do', async () => {
    const { vault, dir } = await setup()
    const keys = createKeyService({ dataDir: vault.dataDir, keychain: vault.keychain, audit: vault.audit, readConfig: () => vault.config.read(), approver: { request: async () => 'busy' } })
    await expect(keys.resolveProfile('acme', dir, undefined, 'socket')).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: 'too many requests are already waiting for approval of acme; answer the open prompt in the Keyward app, then try again',
    })
  })
})
