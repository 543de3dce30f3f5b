import { mkdir, mkdtemp, realpath, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { type TempVault, adminKey, apiKey, createTempVault } from '../../vault/temp-vault.test-support'

let vault: TempVault
let root: string

beforeEach(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), 'keyward-tree-')))
  await mkdir(join(root, 'code/acme/src/deep'), { recursive: true })
  await mkdir(join(root, 'code/beta'), { recursive: true })
  await mkdir(join(root, 'elsewhere'), { recursive: true })
  vault = await createTempVault(root)
  await vault.profiles.add({ name: 'acme', kind: 'api', key: apiKey('acme') })
  await vault.profiles.add({ name: 'beta', kind: 'api', key: apiKey('beta') })
  await vault.profiles.add({ name: 'personal', kind: 'api', key: apiKey('pers') })
  await vault.profiles.add({ name: 'org', kind: 'admin', key: adminKey() })
})

async function changesNothing(action: () => Promise<unknown>, code: string, message?: RegExp): Promise<void> {
  const before = await vault.snapshot()
  const error = await action().then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toMatchObject({ code })
  if (message) expect((error as Error).message).toMatch(message)
  expect(await vault.snapshot()).toEqual(before)
}

describe('binding resolution', () => {
  it('serves the binding of the directory and of every subdirectory', async () => {
    await vault.bindings.set(join(root, 'code/acme'), 'acme')
    expect(await vault.bindings.which(join(root, 'code/acme'))).toMatchObject({ profile: 'acme', reason: 'binding', directory: join(root, 'code/acme') })
    expect(await vault.bindings.which(join(root, 'code/acme/src/deep'))).toMatchObject({
      profile: 'acme',
      reason: 'binding',
      directory: join(root, 'code/acme'),
      cwd: join(root, 'code/acme/src/deep'),
    })
  })

  it('takes the longest (nearest) bound parent', async () => {
    await vault.bindings.set(join(root, 'code'), 'personal')
    await vault.bindings.set(join(root, 'code/acme'), 'acme')
    expect((await vault.bindings.which(join(root, 'code/acme/src'))).profile).toBe('acme')
    expect((await vault.bindings.which(join(root, 'code/beta'))).profile).toBe('personal')
  })

  it('resolves a symlinked cwd through its real path, and binds real paths', async () => {
    await symlink(join(root, 'code/acme'), join(root, 'link'))
    const bound = await vault.bindings.set(join(root, 'link'), 'acme')
    expect(bound.directory).toBe(join(root, 'code/acme'))
    expect(await vault.bindings.which(join(root, 'link/src'))).toMatchObject({ profile: 'acme', directory: join(root, 'code/acme') })
  })

  it('relative directories resolve against the caller’s cwd', async () => {
    await vault.bindings.set('code/beta', 'beta')
    expect((await vault.bindings.list())[0]!.directory).toBe(join(root, 'code/beta'))
  })

  it('falls back to the default, then says exactly what to run', async () => {
    const dir = join(root, 'elsewhere')
    await changesNothing(() => vault.bindings.which(dir), 'NOT_BOUND', new RegExp(`^no key is bound to ${dir} or its parents; run: keyward use <profile> --dir ${dir}$`))
    await vault.profiles.setDefault('personal')
    expect(await vault.bindings.which(dir)).toMatchObject({ profile: 'personal', reason: 'default', directory: dir })
  })

  it('honours a .keyward.json only once allowed, and again only after an edit is re-allowed', async () => {
    const project = join(root, 'code/beta')
    await writeFile(join(project, '.keyward.json'), '{"profile": "beta"}\n')
    await vault.profiles.setDefault('personal')
    await changesNothing(() => vault.bindings.which(project), 'NOT_ALLOWED', new RegExp(`has not been allowed; review it, then run: keyward allow --dir ${project}$`))
    const allowed = await vault.bindings.allow(join(project))
    expect(allowed).toMatchObject({ directory: project, profile: 'beta', shadowedBy: null })
    expect(await vault.bindings.which(project)).toMatchObject({ profile: 'beta', reason: 'project-file', projectFile: join(project, '.keyward.json') })
    await writeFile(join(project, '.keyward.json'), '{"profile": "acme"}\n')
    await changesNothing(() => vault.bindings.which(project), 'NOT_ALLOWED', /changed since it was allowed/)
    await vault.bindings.allow(project)
    expect((await vault.bindings.which(project)).profile).toBe('acme')
  })

  it('finds the nearest project file from a subdirectory, and allow finds it too', async () => {
    await writeFile(join(root, 'code/acme/.keyward.json'), '{"profile": "acme"}')
    await changesNothing(() => vault.bindings.which(join(root, 'code/acme/src/deep')), 'NOT_ALLOWED', /keyward allow --dir .*code\/acme$/)
    await vault.bindings.allow(join(root, 'code/acme/src'))
    expect(await vault.bindings.which(join(root, 'code/acme/src/deep'))).toMatchObject({ profile: 'acme', directory: join(root, 'code/acme') })
  })

  it('lets an explicit binding win over a project file at any depth, and allow says so', async () => {
    await writeFile(join(root, 'code/acme/.keyward.json'), '{"profile": "acme"}')
    await vault.bindings.set(join(root, 'code'), 'personal')
    expect((await vault.bindings.which(join(root, 'code/acme'))).profile).toBe('personal')
    expect((await vault.bindings.allow(join(root, 'code/acme'))).shadowedBy).toBe(join(root, 'code'))
    expect((await vault.bindings.which(join(root, 'code/acme'))).profile).toBe('personal')
  })

  it('refuses malformed project files and ones naming Admin or unknown profiles', async () => {
    const project = join(root, 'code/beta')
    await writeFile(join(project, '.keyward.json'), 'not json')
    await changesNothing(() => vault.bindings.allow(project), 'INVALID_INPUT', /not a valid project file \(not JSON\)/)
    await writeFile(join(project, '.keyward.json'), '{"profile": "org"}')
    await changesNothing(() => vault.bindings.allow(project), 'INVALID_INPUT', /Admin key/)
    await writeFile(join(project, '.keyward.json'), '{"profile": "ghost"}')
    await changesNothing(() => vault.bindings.allow(project), 'NOT_FOUND', /no profile "ghost"/)
    await changesNothing(() => vault.bindings.allow(join(root, 'elsewhere')), 'NOT_FOUND', /no \.keyward\.json/)
  })
})

describe('binding changes', () => {
  it('refuses a missing directory, an unknown profile and an Admin profile, changing nothing', async () => {
    await changesNothing(() => vault.bindings.set(join(root, 'nope'), 'acme'), 'INVALID_INPUT', new RegExp(`there is no directory ${join(root, 'nope')}`))
    await changesNothing(() => vault.bindings.set(join(root, 'code'), 'ghost'), 'NOT_FOUND')
    await changesNothing(() => vault.bindings.set(join(root, 'code'), 'org'), 'INVALID_INPUT', /Admin key/)
    await changesNothing(() => vault.bindings.which(join(root, 'nope')), 'INVALID_INPUT')
  })

  it('replaces a binding and reports the one it replaced; unbinding names an inherited parent', async () => {
    await vault.bindings.set(join(root, 'code'), 'personal')
    expect(await vault.bindings.set(join(root, 'code'), 'beta')).toMatchObject({ replaced: 'personal' })
    await changesNothing(() => vault.bindings.remove(join(root, 'code/acme')), 'NOT_FOUND', new RegExp(`gets "beta" from ${join(root, 'code')}; run: keyward unbind --dir ${join(root, 'code')}`))
    expect(await vault.bindings.remove(join(root, 'code'))).toMatchObject({ profile: 'beta' })
    expect(await vault.bindings.list()).toEqual([])
    expect((await vault.audit.read({ limit: 3 })).map((e) => e.event)).toEqual(['binding.removed', 'binding.set', 'binding.set'])
  })
})
