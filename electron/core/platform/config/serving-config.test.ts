import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createConfigStore } from './config-store'
import { AllowedProject, Binding, Config, ProfileMeta } from './config.schema'
import { type ServingConfig, createServingConfigReader, parseServingConfig } from './serving-config'

/*
 * Pins the helper's hand-written config reader to the zod schema. The rule: on the sections the
 * helper reads, the hand reader accepts exactly what the schema accepts and returns the same value,
 * and refuses (null) what the schema refuses.
 */

const SHA = 'a'.repeat(64)
const profile = { name: 'acme', kind: 'api', hint: 'sk-ant-api03-R2…igAA', tags: ['work'], createdAt: '2025-01-01T00:00:00.000Z', rotatedAt: null }
const binding = { directory: '/home/me/acme', profile: 'acme', createdAt: '2025-01-01T00:00:00.000Z' }
const allowed = { directory: '/home/me/beta', sha256: SHA, profile: 'acme', allowedAt: '2025-01-01T00:00:00.000Z' }
const full = { version: 1, profiles: [profile], defaultProfile: 'acme', bindings: [binding], allowedProjects: [allowed] }

/** Valid configs (as JSON values) and invalid ones; each is also tried inside the others' sections below. */
const VALID: Record<string, unknown> = {
  'fresh install': { version: 1 },
  'empty lists': { version: 1, profiles: [], defaultProfile: null, bindings: [], allowedProjects: [] },
  everything: full,
  'defaults omitted in a profile': { version: 1, profiles: [{ name: 'a.b_c-1', kind: 'admin', hint: 'h', createdAt: 'c' }] },
  'rotated profile with extra keys kept': { version: 1, profiles: [{ ...profile, rotatedAt: '2025-02-01', color: 'red', nested: { x: 1 } }] },
  'guarded profile': {
    version: 1,
    profiles: [
      { ...profile, requiresApproval: true },
      { ...profile, name: 'open', requiresApproval: false },
    ],
  },
  'forwardable profile': {
    version: 1,
    profiles: [
      { ...profile, forwardable: true },
      { ...profile, name: 'local', forwardable: false },
    ],
  },
  'windows binding': { version: 1, bindings: [{ directory: 'C:\\code\\acme', profile: 'acme', createdAt: 'x' }] },
  'windows binding, forward slash': { version: 1, bindings: [{ directory: 'd:/code', profile: 'acme', createdAt: 'x' }] },
  'extra keys in bindings and allowed projects are dropped': { version: 1, bindings: [{ ...binding, note: 1 }], allowedProjects: [{ ...allowed, note: 2 }] },
  'unknown top-level sections': { ...full, somethingNew: { a: [1, 2] }, usage: null },
  'default names an unknown profile (resolution reports it)': { version: 1, defaultProfile: 'ghost' },
  'binding to an unknown profile': { version: 1, bindings: [{ ...binding, profile: 'ghost' }] },
  'empty tags': { version: 1, profiles: [{ ...profile, tags: [] }] },
  '64-character name': { version: 1, profiles: [{ ...profile, name: 'n'.repeat(64) }] },
}

const INVALID: Record<string, unknown> = {
  array: [full],
  null: null,
  string: 'config',
  number: 1,
  'no version': { profiles: [] },
  'version 0': { version: 0 },
  'version as string': { version: '1' },
  'newer version': { version: 2 },
  'profiles not a list': { version: 1, profiles: {} },
  'profiles null': { version: 1, profiles: null },
  'profile not an object': { version: 1, profiles: ['acme'] },
  'profile without name': { version: 1, profiles: [{ ...profile, name: undefined }] },
  'profile name with a slash': { version: 1, profiles: [{ ...profile, name: 'a/b' }] },
  'profile name too long': { version: 1, profiles: [{ ...profile, name: 'n'.repeat(65) }] },
  'profile name empty': { version: 1, profiles: [{ ...profile, name: '' }] },
  'profile kind unknown': { version: 1, profiles: [{ ...profile, kind: 'oauth' }] },
  'profile hint missing': { version: 1, profiles: [{ ...profile, hint: undefined }] },
  'profile hint a number': { version: 1, profiles: [{ ...profile, hint: 5 }] },
  'profile createdAt missing': { version: 1, profiles: [{ ...profile, createdAt: undefined }] },
  'profile tags not a list': { version: 1, profiles: [{ ...profile, tags: 'work' }] },
  'profile tags with a number': { version: 1, profiles: [{ ...profile, tags: ['a', 1] }] },
  'profile tags null': { version: 1, profiles: [{ ...profile, tags: null }] },
  'profile rotatedAt a number': { version: 1, profiles: [{ ...profile, rotatedAt: 0 }] },
  'profile requiresApproval a string': { version: 1, profiles: [{ ...profile, requiresApproval: 'yes' }] },
  'profile requiresApproval null': { version: 1, profiles: [{ ...profile, requiresApproval: null }] },
  'profile forwardable a string': { version: 1, profiles: [{ ...profile, forwardable: 'yes' }] },
  'default not a name': { version: 1, defaultProfile: 'a b' },
  'default a number': { version: 1, defaultProfile: 1 },
  'default empty': { version: 1, defaultProfile: '' },
  'bindings not a list': { version: 1, bindings: { '/x': 'acme' } },
  'binding relative directory': { version: 1, bindings: [{ ...binding, directory: 'home/me' }] },
  'binding directory empty': { version: 1, bindings: [{ ...binding, directory: '' }] },
  'binding directory a number': { version: 1, bindings: [{ ...binding, directory: 1 }] },
  'binding without profile': { version: 1, bindings: [{ ...binding, profile: undefined }] },
  'binding profile not a name': { version: 1, bindings: [{ ...binding, profile: '../x' }] },
  'binding createdAt missing': { version: 1, bindings: [{ ...binding, createdAt: undefined }] },
  'binding null': { version: 1, bindings: [null] },
  'allowed sha256 short': { version: 1, allowedProjects: [{ ...allowed, sha256: 'abc' }] },
  'allowed sha256 upper case': { version: 1, allowedProjects: [{ ...allowed, sha256: 'A'.repeat(64) }] },
  'allowed directory missing': { version: 1, allowedProjects: [{ ...allowed, directory: undefined }] },
  'allowed profile not a name': { version: 1, allowedProjects: [{ ...allowed, profile: 'x y' }] },
  'allowed allowedAt a number': { version: 1, allowedProjects: [{ ...allowed, allowedAt: 5 }] },
  'allowed projects not a list': { version: 1, allowedProjects: 'none' },
}

/** What the schema says about the serving sections: the parsed value, or null when it refuses them. */
function bySchema(json: unknown): ServingConfig | null {
  // Sections the helper does not read (orgs, rotation) are left out on purpose: see serving-config.ts;
  // vault.backend is read by core/vault/backend.ts, which takes anything but "file" as the keychain.
  const serving = json !== null && typeof json === 'object' && !Array.isArray(json) ? { ...(json as object), orgs: undefined, rotation: undefined, vault: undefined } : json
  const parsed = Config.safeParse(serving)
  if (!parsed.success) return null
  const { version, profiles, defaultProfile, bindings, allowedProjects } = parsed.data
  return { version, profiles, defaultProfile, bindings, allowedProjects }
}

describe('serving config reader agrees with the config schema', () => {
  it.each(Object.entries(VALID))('accepts %s with the same value', (_, json) => {
    const expected = bySchema(json)
    expect(expected).not.toBeNull()
    expect(parseServingConfig(JSON.stringify(json))).toEqual(expected)
  })

  it.each(Object.entries(INVALID))('refuses %s, as the schema does', (_, json) => {
    expect(bySchema(json)).toBeNull()
    expect(parseServingConfig(JSON.stringify(json))).toBeNull()
  })

  it('refuses text that is not JSON, as the store does', () => {
    for (const text of ['', '{', '{"version":1,}', '\uFEFF{"version":1}', 'version: 1']) expect(parseServingConfig(text)).toBeNull()
  })

  it('agrees on every invalid entry placed among valid ones', () => {
    for (const bad of Object.values(INVALID)) {
      if (bad === null || typeof bad !== 'object' || Array.isArray(bad)) continue
      const mixed = { ...full, ...bad }
      const expected = bySchema(mixed)
      expect(parseServingConfig(JSON.stringify(mixed))).toEqual(expected)
    }
  })

  it('knows every field of the schema, so a field added there must be added here (or listed as not read)', () => {
    // When this fails: teach serving-config.ts the new field with the schema's rules, add cases to
    // VALID and INVALID above, and update these lists.
    expect(Object.keys(Config.shape).sort()).toEqual(['allowedProjects', 'bindings', 'defaultProfile', 'guardSeal', 'orgs', 'profiles', 'rotation', 'vault', 'version'])
    expect(Object.keys(ProfileMeta.shape).sort()).toEqual(['createdAt', 'forwardable', 'hint', 'kind', 'name', 'requiresApproval', 'rotatedAt', 'tags'])
    expect(Object.keys(Binding.shape).sort()).toEqual(['createdAt', 'directory', 'profile'])
    expect(Object.keys(AllowedProject.shape).sort()).toEqual(['allowedAt', 'directory', 'profile', 'sha256'])
  })
})

describe('serving config reader on disk', () => {
  it('reads a missing file as the empty config and a valid one by hand', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keyward-serving-'))
    const read = createServingConfigReader(dir)
    expect(await read()).toEqual({ version: 1, profiles: [], defaultProfile: null, bindings: [], allowedProjects: [] })
    await writeFile(join(dir, 'config.json'), JSON.stringify(full))
    expect(await read()).toEqual(bySchema(full))
  })

  it("refuses a file from a newer Keyward with the config store's own error, and leaves it in place", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keyward-serving-'))
    await writeFile(join(dir, 'config.json'), '{"version": 2}')
    await expect(createServingConfigReader(dir)()).rejects.toMatchObject({
      code: 'CONFIG_CORRUPT',
      message: expect.stringContaining('written by a newer Keyward (format 2, this one reads 1); update Keyward'),
    })
    await expect(createConfigStore(dir).read()).rejects.toMatchObject({
      code: 'CONFIG_CORRUPT',
      message: expect.stringContaining('written by a newer Keyward (format 2, this one reads 1); update Keyward'),
    })
    expect(await readdir(dir)).toEqual(['config.json'])
  })

  it.each(['{', '{"version":1,"profiles":"x"}', ''])('refuses %j without moving it aside, naming the command that does', async (text) => {
    const dir = await mkdtemp(join(tmpdir(), 'keyward-serving-'))
    await writeFile(join(dir, 'config.json'), text)
    await expect(createServingConfigReader(dir)()).rejects.toMatchObject({
      code: 'CONFIG_CORRUPT',
      message: `the config file ${join(dir, 'config.json')} is not a valid Keyward config; run: keyward list (it names the problem, moves the file aside and keeps it as a backup)`,
    })
    expect(await readdir(dir)).toEqual(['config.json'])
  })

  it('refuses a directory where the file should be as unreadable', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keyward-serving-'))
    await mkdir(join(dir, 'config.json'))
    await expect(createServingConfigReader(dir)()).rejects.toMatchObject({ code: expect.stringMatching(/^(INTERNAL|INVALID_INPUT)$/), message: expect.stringContaining(join(dir, 'config.json')) })
  })
})
