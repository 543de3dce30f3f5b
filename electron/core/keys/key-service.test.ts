import { mkdir, mkdtemp, realpath, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createAuditLog } from '../platform/audit/audit-log'
import { createConfigStore } from '../platform/config/config-store'
import { adminKey, apiKey, createTempVault } from '../vault/temp-vault.test-support'
import { createKeyService } from './key-service'

describe('key service', () => {
  it('serves the bound key and appends key.served (without the key) to the audit log', async () => {
    const vault = await createTempVault()
    const dir = await realpath(await mkdtemp(join(tmpdir(), 'keyward-proj-')))
    await vault.profiles.add({ name: 'acme', kind: 'api', key: apiKey('acme') })
    await vault.bindings.set(dir, 'acme')
    const keys = createKeyService({ dataDir: vault.dataDir, keychain: vault.keychain, audit: vault.audit, readConfig: () => vault.config.read() })
    expect(await keys.resolve(dir, 'claude-code_2.1.197_harness', 'socket')).toEqual({ profile: 'acme', key: apiKey('acme'), directory: dir, reason: 'binding' })
    const [entry] = await vault.audit.read({ limit: 1 })
    expect(entry).toMatchObject({ event: 'key.served', profile: 'acme', directory: dir, agent: 'claude-code_2.1.197_harness', transport: 'socket' })
    expect(JSON.stringify(await vault.snapshot().then((s) => s.files))).not.toContain(apiKey('acme').slice(13, 40))
  })

  it('serves the default with the cwd as directory', async () => {
    const vault = await createTempVault()
    const dir = await realpath(await mkdtemp(join(tmpdir(), 'keyward-proj-')))
    await vault.profiles.add({ name: 'me', kind: 'api', key: apiKey('me') })
    await vault.profiles.setDefault('me')
    expect(await vault.keys.resolve(dir, undefined, 'direct')).toMatchObject({ profile: 'me', reason: 'default', directory: dir })
  })

  it('never serves an Admin key, even when a project file names one', async () => {
    const vault = await createTempVault()
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
    const vault = await createTempVault()
    const dir = await realpath(await mkdtemp(join(tmpdir(), 'keyward-proj-')))
    await expect(vault.keys.resolve(dir, undefined, 'direct')).rejects.toMatchObject({
      code: 'NOT_BOUND',
      message: `no key is bound to ${dir} or its parents; run: keyward use <profile> --dir ${dir}`,
    })
    await vault.profiles.add({ name: 'acme', kind: 'api', key: apiKey() })
    await vault.bindings.set(dir, 'acme')
    vault.keychain.failing = true
    await expect(vault.keys.resolve(dir, undefined, 'direct')).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' })
    vault.keychain.failing = false
    vault.keychain.entries.clear()
    await expect(vault.keys.resolve(dir, undefined, 'direct')).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('keyward remove acme --force') })
  })
})

describe('key service: named profile (helper --profile)', () => {
  it('serves an API profile whatever the directory is bound to, audited as forced', async () => {
    const vault = await createTempVault()
    const dir = await realpath(await mkdtemp(join(tmpdir(), 'keyward-proj-')))
    await vault.profiles.add({ name: 'acme', kind: 'api', key: apiKey('acme') })
    await vault.profiles.add({ name: 'beta', kind: 'api', key: apiKey('beta') })
    await vault.bindings.set(dir, 'acme')
    expect(await vault.keys.resolveProfile('beta', dir, 'agent', 'socket')).toEqual({ profile: 'beta', key: apiKey('beta'), directory: dir, reason: 'forced' })
    expect((await vault.audit.read({ limit: 1 }))[0]).toMatchObject({ event: 'key.served', profile: 'beta', directory: dir, transport: 'socket', detail: 'forced with --profile' })
  })

  it('refuses unknown and Admin profiles and a missing keychain entry, serving and logging nothing', async () => {
    const vault = await createTempVault()
    await vault.profiles.add({ name: 'org', kind: 'admin', key: adminKey() })
    await vault.profiles.add({ name: 'gone', kind: 'api', key: apiKey('gone') })
    vault.keychain.entries.delete('gone')
    await expect(vault.keys.resolveProfile('ghost', '/x', undefined, 'direct')).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('there is no profile "ghost"') })
    await expect(vault.keys.resolveProfile('org', '/x', undefined, 'direct')).rejects.toMatchObject({ code: 'NOT_ALLOWED', message: expect.stringContaining('Admin key') })
    await expect(vault.keys.resolveProfile('gone', '/x', undefined, 'direct')).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('keyward remove gone --force') })
    expect((await vault.audit.read()).some((e) => e.event === 'key.served')).toBe(false)
  })
})

describe('key service: config cache', () => {
  async function counted() {
    const vault = await createTempVault()
    const dir = await realpath(await mkdtemp(join(tmpdir(), 'keyward-proj-')))
    await vault.profiles.add({ name: 'acme', kind: 'api', key: apiKey('acme') })
    await vault.profiles.add({ name: 'beta', kind: 'api', key: apiKey('beta') })
    await vault.bindings.set(dir, 'acme')
    const store = createConfigStore(vault.dataDir)
    let reads = 0
    // The service's clock is set against the file's own mtime (never the test's clock), so this
    // holds under libfaketime too, which moves the clock but not the times the kernel stamps.
    let clock = new Date(0)
    const keys = createKeyService({ dataDir: vault.dataDir, keychain: vault.keychain, audit: vault.audit, now: () => clock, readConfig: () => (reads++, store.read()) })
    const at = async (msAfterWrite: number) => {
      clock = new Date(Number((await stat(store.path, { bigint: true })).mtimeNs / 1_000_000n) + msAfterWrite)
    }
    // Make the file look settled (older than the racy window), as it is between real edits.
    const age = () => at(60_000)
    return { vault, dir, keys, reads: () => reads, age, at }
  }

  it('reads a settled config once, and sees a change (from any writer) on the next call', async () => {
    const { vault, dir, keys, reads, age } = await counted()
    await age()
    expect((await keys.resolve(dir, undefined, 'direct')).profile).toBe('acme')
    expect((await keys.resolve(dir, undefined, 'direct')).profile).toBe('acme')
    expect(reads()).toBe(1)
    // Same size, same length of name: only the identity of the file (a new inode, new times) tells.
    await vault.bindings.set(dir, 'beta')
    expect((await keys.resolve(dir, undefined, 'direct')).profile).toBe('beta')
    await age()
    expect((await keys.resolve(dir, undefined, 'direct')).profile).toBe('beta')
    await vault.bindings.set(dir, 'acme')
    await age()
    expect((await keys.resolve(dir, undefined, 'direct')).profile).toBe('acme')
  })

  it('never caches a file modified within the racy window (2 s), nor one stamped after the clock', async () => {
    const { dir, keys, reads, at } = await counted()
    for (const ms of [0, 1_999, -3_600_000]) {
      await at(ms)
      const before = reads()
      await keys.resolve(dir, undefined, 'direct')
      await keys.resolve(dir, undefined, 'direct')
      expect(reads() - before, `${ms} ms after the write`).toBe(2)
    }
    // From 2 s on, the same file is served from the cache.
    await at(2_000)
    await keys.resolve(dir, undefined, 'direct')
    const settled = reads()
    await keys.resolve(dir, undefined, 'direct')
    expect(reads()).toBe(settled)
  })

  it('does not remember a failed read: a corrupt file is reported, then the empty config is read', async () => {
    const { vault, dir, keys, age } = await counted()
    await age()
    await keys.resolve(dir, undefined, 'direct')
    await writeFile(join(vault.dataDir, 'config.json'), '{ not json')
    await expect(keys.resolve(dir, undefined, 'direct')).rejects.toMatchObject({ code: 'CONFIG_CORRUPT' })
    await expect(keys.resolve(dir, undefined, 'direct')).rejects.toMatchObject({ code: 'NOT_BOUND' })
  })
})

describe('key service: audit failure', () => {
  it('serves no key when the audit log cannot be written, failing every resolve of the batch', async () => {
    const vault = await createTempVault()
    const dir = await realpath(await mkdtemp(join(tmpdir(), 'keyward-proj-')))
    await vault.profiles.add({ name: 'acme', kind: 'api', key: apiKey('acme') })
    await vault.bindings.set(dir, 'acme')
    const broken = join(await mkdtemp(join(tmpdir(), 'keyward-audit-')), 'data')
    await mkdir(join(broken, 'audit.jsonl'), { recursive: true })
    const keys = createKeyService({ dataDir: vault.dataDir, keychain: vault.keychain, audit: createAuditLog(broken), readConfig: () => vault.config.read() })
    const results = await Promise.allSettled([1, 2, 3, 4].map(() => keys.resolve(dir, undefined, 'socket')))
    for (const r of results) {
      expect(r.status).toBe('rejected')
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'INTERNAL', message: expect.stringContaining('could not write the audit log') })
    }
    await expect(keys.resolveProfile('acme', dir, undefined, 'socket')).rejects.toMatchObject({ code: 'INTERNAL' })
  })
})
