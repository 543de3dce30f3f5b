import { mkdtemp, realpath, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { adminKey, apiKey, tempVault } from '../vault/temp-vault.test-support'
import { createKeyService } from './key-service'

describe('key service', () => {
  it('serves the bound key and appends key.served (without the key) to the audit log', async () => {
    const vault = await tempVault()
    const dir = await realpath(await mkdtemp(join(tmpdir(), 'keyward-proj-')))
    await vault.profiles.add({ name: 'acme', kind: 'api', key: apiKey('acme') })
    await vault.bindings.set(dir, 'acme')
    const keys = createKeyService({ dataDir: vault.dataDir, keychain: vault.keychain, audit: vault.audit })
    expect(await keys.resolve(dir, 'claude-code_2.1.197_harness', 'socket')).toEqual({ profile: 'acme', key: apiKey('acme'), directory: dir, reason: 'binding' })
    const [entry] = await vault.audit.read({ limit: 1 })
    expect(entry).toMatchObject({ event: 'key.served', profile: 'acme', directory: dir, agent: 'claude-code_2.1.197_harness', transport: 'socket' })
    expect(JSON.stringify(await vault.snapshot().then((s) => s.files))).not.toContain(apiKey('acme').slice(13, 40))
  })

  it('serves the default with the cwd as directory', async () => {
    const vault = await tempVault()
    const dir = await realpath(await mkdtemp(join(tmpdir(), 'keyward-proj-')))
    await vault.profiles.add({ name: 'me', kind: 'api', key: apiKey('me') })
    await vault.profiles.setDefault('me')
    expect(await vault.keys.resolve(dir, undefined, 'direct')).toMatchObject({ profile: 'me', reason: 'default', directory: dir })
  })

  it('never serves an Admin key, even when a project file names one', async () => {
    const vault = await tempVault()
    const dir = await realpath(await mkdtemp(join(tmpdir(), 'keyward-proj-')))
    await vault.profiles.add({ name: 'org', kind: 'admin', key: adminKey() })
    // Only reachable by editing the config by hand: allow refuses Admin profiles.
    await writeFile(join(dir, '.keyward.json'), '{"profile":"org"}')
    const { createHash } = await import('node:crypto')
    const sha256 = createHash('sha256').update('{"profile":"org"}').digest('hex')
    await vault.config.update((c) => ({ ...c, allowedProjects: [{ directory: dir, sha256, profile: 'org', allowedAt: 'x' }] }))
    await expect(vault.keys.resolve(dir, undefined, 'direct')).rejects.toMatchObject({ code: 'NOT_ALLOWED', message: expect.stringContaining('holds an Admin key') })
    expect((await vault.audit.read()).some((e) => e.event === 'key.served')).toBe(false)
  })

  it('reports NOT_BOUND, a missing keychain entry, and an unavailable keychain with what to run', async () => {
    const vault = await tempVault()
    const dir = await realpath(await mkdtemp(join(tmpdir(), 'keyward-proj-')))
    await expect(vault.keys.resolve(dir, undefined, 'direct')).rejects.toMatchObject({ code: 'NOT_BOUND', message: `no key is bound to ${dir} or its parents; run: keyward use <profile> --dir ${dir}` })
    await vault.profiles.add({ name: 'acme', kind: 'api', key: apiKey() })
    await vault.bindings.set(dir, 'acme')
    vault.keychain.failing = true
    await expect(vault.keys.resolve(dir, undefined, 'direct')).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' })
    vault.keychain.failing = false
    vault.keychain.entries.clear()
    await expect(vault.keys.resolve(dir, undefined, 'direct')).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('keyward remove acme --force') })
  })
})
