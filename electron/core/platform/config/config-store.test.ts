import { mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isKeywardError } from '../../../../shared/errors'
import { createConfigStore } from './config-store'
import { emptyConfig } from './config.schema'

async function tempDir(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'keyward-config-')), 'data')
}

const at = () => new Date('2025-06-07T08:09:10.123Z')

describe('config store', () => {
  it('reads an empty config when there is no file, without creating anything', async () => {
    const dir = await tempDir()
    expect(await createConfigStore(dir).read()).toEqual(emptyConfig())
    await expect(stat(dir)).rejects.toMatchObject({ code: 'ENOENT' })
  })

  it('writes atomically: directory 0700, file 0600, no temp or lock file left', async () => {
    const dir = await tempDir()
    const store = createConfigStore(dir)
    await store.update((c) => ({ ...c, defaultProfile: 'acme' }))
    expect((await stat(dir)).mode & 0o777).toBe(0o700)
    expect((await stat(store.path)).mode & 0o777).toBe(0o600)
    expect(await readdir(dir)).toEqual(['config.json'])
    expect(JSON.parse(await readFile(store.path, 'utf8'))).toMatchObject({ version: 1, defaultProfile: 'acme' })
  })

  it('writes nothing when the change throws', async () => {
    const dir = await tempDir()
    const store = createConfigStore(dir)
    await store.update((c) => ({ ...c, defaultProfile: 'one' }))
    const before = await readFile(store.path, 'utf8')
    await expect(
      store.update(() => {
        throw new Error('no')
      }),
    ).rejects.toThrow('no')
    expect(await readFile(store.path, 'utf8')).toBe(before)
    expect(await readdir(dir)).toEqual(['config.json'])
  })

  it('keeps sections it does not know (written by other services or newer minor versions)', async () => {
    const dir = await tempDir()
    const store = createConfigStore(dir)
    await store.update((c) => ({ ...c, budgets: [{ id: 'b1' }] }))
    await store.update((c) => ({ ...c, defaultProfile: 'x' }))
    expect(JSON.parse(await readFile(store.path, 'utf8'))).toMatchObject({ budgets: [{ id: 'b1' }], defaultProfile: 'x' })
  })

  it('loses no update when many writers (separate stores, as the CLI and daemon are) race', async () => {
    const dir = await tempDir()
    const writers = Array.from({ length: 25 }, (_, i) =>
      createConfigStore(dir).update(async (c) => {
        await new Promise((r) => setTimeout(r, Math.random() * 3))
        return { ...c, bindings: [...c.bindings, { directory: `/p/${i}`, profile: 'acme', createdAt: 'now' }] }
      }),
    )
    await Promise.all(writers)
    const final = await createConfigStore(dir).read()
    expect(final.bindings.map((b) => b.directory).sort()).toEqual(Array.from({ length: 25 }, (_, i) => `/p/${i}`).sort())
  })

  it('breaks a lock left by a process that died', async () => {
    const dir = await tempDir()
    const store = createConfigStore(dir)
    await store.update((c) => c)
    await writeFile(`${store.path}.lock`, JSON.stringify({ pid: 2 ** 22 + 12345, host: (await import('node:os')).hostname(), time: Date.now() }))
    await store.update((c) => ({ ...c, defaultProfile: 'after' }))
    expect((await store.read()).defaultProfile).toBe('after')
  })

  it('moves a corrupt file aside, says where, and never overwrites the backup', async () => {
    const dir = await tempDir()
    const store = createConfigStore(dir, at)
    await store.update((c) => ({ ...c, defaultProfile: 'acme' }))
    await writeFile(store.path, '{"version": 1, "profiles": [tru')
    const error = await store.read().catch((e: unknown) => e)
    const backup = `${store.path}.corrupt-2025-06-07T08-09-10-123Z`
    expect(isKeywardError(error) && error.code).toBe('CONFIG_CORRUPT')
    expect((error as Error).message).toContain(`moved to ${backup}`)
    expect((error as Error).message).toContain('not JSON')
    expect(await readFile(backup, 'utf8')).toBe('{"version": 1, "profiles": [tru')
    // Told once; from now on the store starts empty and writes a new file beside the backup.
    expect(await store.read()).toEqual(emptyConfig())
    await store.update((c) => ({ ...c, defaultProfile: 'new' }))
    expect(await readFile(backup, 'utf8')).toBe('{"version": 1, "profiles": [tru')
  })

  it('treats valid JSON that is not a config as corrupt, naming the field', async () => {
    const dir = await tempDir()
    const store = createConfigStore(dir, at)
    await store.update((c) => c)
    await writeFile(store.path, JSON.stringify({ version: 1, profiles: [{ name: 'bad name!', kind: 'api' }] }))
    await expect(store.update((c) => c)).rejects.toMatchObject({ code: 'CONFIG_CORRUPT', message: expect.stringContaining('profiles.0.name') })
  })

  it('refuses a config from a newer version without moving it', async () => {
    const dir = await tempDir()
    const store = createConfigStore(dir)
    await store.update((c) => c)
    await writeFile(store.path, JSON.stringify({ version: 99 }))
    await expect(store.read()).rejects.toMatchObject({ code: 'CONFIG_CORRUPT', message: expect.stringContaining('newer Keyward') })
    expect(await readdir(dir)).toEqual(['config.json'])
  })
})
