import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, realpath, rename, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fromAmount } from '../../../../shared/money'
import { projectUsage } from '../usage-projection'
import { type AuditLog, createAuditLog } from '../../platform/audit/audit-log'
import { type BindingsService, createBindingsService } from '../../keys/bindings/bindings-service'
import { type ConfigStore, createConfigStore } from '../../platform/config/config-store'
import { partialKeyHint } from '../../../emulator/ids'
import { configAttributionSource } from '../usage-queries'
import { type UsageTestKit, startUsageTestKit } from '../usage.test-support'
import { createProjectsService } from './projects-service'
import { noRevealer } from './reveal'

const NOW = new Date('2026-04-20T15:30:00Z')
const TZ = 'America/New_York'
let kit: UsageTestKit
let root: string
let config: ConfigStore
let audit: AuditLog
let bindings: BindingsService
const dir = (name: string) => join(root, name)

beforeAll(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), 'keyward-projects-')))
  config = createConfigStore(join(root, 'data'), () => NOW)
  audit = createAuditLog(join(root, 'data'), () => NOW)
  bindings = createBindingsService({ config, audit, now: () => NOW })
  kit = await startUsageTestKit({ emulator: { seed: 11, keys: 6, days: 60, now: () => NOW }, now: () => NOW, attribution: configAttributionSource(config) })
  await kit.sync.syncNow()
  // The three keys that spent most this month, so each project has spend to compare.
  const byKey = await kit.queries.summary({ range: { from: '2026-04-01', to: '2026-04-20', timeZone: TZ }, groupBy: 'key' })
  const keys = byKey.groups.filter((g) => g.kind !== 'unattributed').map((g) => kit.emulator.state.apiKeys.find((k) => k.wire.id === g.id)!)
  const profile = (name: string, i: number) => ({ name, kind: 'api' as const, hint: partialKeyHint(keys[i]!.secret), tags: [], createdAt: NOW.toISOString(), rotatedAt: null })
  await config.update((c) => ({ ...c, profiles: [profile('acme', 0), profile('shared', 1), profile('solo', 2)] }))
  for (const name of ['acme', 'acme/sub', 'one', 'two', 'filep', 'elsewhere']) await mkdir(dir(name), { recursive: true })
  await bindings.set(dir('acme'), 'acme')
  await bindings.set(dir('one'), 'shared')
  await bindings.set(dir('two'), 'shared')
  await writeFile(dir('filep/.keyward.json'), '{"profile": "solo"}\n')
  await bindings.allow(dir('filep'))
}, 60_000)
afterAll(async () => {
  await audit.close()
  await kit?.close()
  if (root) await rm(root, { recursive: true, force: true })
})

function service(revealed: string[] = []) {
  return createProjectsService({ config, bindings, audit, usage: kit.queries, revealer: { showInFolder: (p) => void revealed.push(p) }, now: () => NOW })
}

describe('projects.list', () => {
  it('projects each project over the hours before the watermark, as the dashboard does with the same watermark', async () => {
    const watermarks = new Map([[kit.org.id, '2026-04-20T12:20:00Z']])
    const withMark = createProjectsService({ config, bindings, audit, usage: kit.queries, revealer: noRevealer, now: () => NOW, watermarks: async () => watermarks })
    const projects = (await withMark.list(TZ)).projects
    const dashboard = await projectUsage(kit.queries, { timeZone: TZ, groupBy: 'project', now: NOW, watermarks })
    expect(dashboard.coveredTo).toBe('2026-04-20T12:00:00.000Z')
    const acme = projects.find((p) => p.directory === dir('acme'))!.spend
    expect(acme.projected).not.toBeNull()
    expect(acme.projected).toEqual(dashboard.groups.find((g) => g.id === dir('acme'))?.projection)
    // Without the watermark it runs to the current hour, and differs.
    expect((await service().list(TZ)).projects.find((p) => p.directory === dir('acme'))!.spend.projected).not.toEqual(acme.projected)
  })

  it('shows the profile a bound parent serves over a sub-directory’s own allowed file, as resolution does', async () => {
    await writeFile(dir('acme/sub/.keyward.json'), '{"profile": "solo"}\n')
    await bindings.allow(dir('acme/sub'))
    try {
      const sub = (await service().list(TZ)).projects.find((p) => p.directory === dir('acme/sub'))!
      expect(sub).toMatchObject({ profile: 'acme', source: 'parent-binding', decidedBy: dir('acme'), allowed: { profile: 'solo' } })
      expect((await bindings.which(dir('acme/sub'))).profile).toBe('acme')
    } finally {
      await config.update((c) => ({ ...c, allowedProjects: c.allowedProjects.filter((a) => a.directory !== dir('acme/sub')) }))
      await rm(dir('acme/sub/.keyward.json'))
    }
  })

  it('lists every binding and allowed file with the dashboard’s per-project spend, shared keys apart and counted once', async () => {
    const overview = await service().list(TZ)
    expect(overview.projects.map((p) => p.directory)).toEqual([dir('acme'), dir('filep'), dir('one'), dir('two')])
    expect(overview.lastSyncedAt).not.toBeNull()
    const month = await kit.queries.summary({ range: { from: '2026-04-01', to: '2026-04-20', timeZone: TZ }, groupBy: 'project' })
    const today = await kit.queries.summary({ range: { from: '2026-04-20', to: '2026-04-20', timeZone: TZ }, groupBy: 'project' })
    const group = (s: typeof month, id: string) => s.groups.find((g) => g.id === id)?.totals.cost ?? '0'
    const byDir = new Map(overview.projects.map((p) => [p.directory, p]))
    const byProject = await projectUsage(kit.queries, { timeZone: TZ, groupBy: 'project', now: NOW })
    for (const d of [dir('acme'), dir('filep')]) {
      const spend = byDir.get(d)!.spend
      expect(spend.monthToDate).toBe(group(month, d))
      expect(spend.today).toBe(group(today, d))
      expect(fromAmount(spend.monthToDate)).toBeGreaterThan(0n)
      // The dashboard's projection by project, to the micro-cent.
      expect(spend.projected).not.toBeNull()
      expect(spend.projected).toEqual(byProject.groups.find((g) => g.id === d)?.projection)
      expect(spend.shared).toBeNull()
    }
    for (const [d, other] of [
      [dir('one'), dir('two')],
      [dir('two'), dir('one')],
    ] as const) {
      const spend = byDir.get(d)!.spend
      expect(spend.monthToDate).toBe('0')
      expect(spend.shared).toEqual({ today: group(today, '~shared'), monthToDate: group(month, '~shared'), withProjects: [other] })
    }
    expect(fromAmount(group(month, '~shared'))).toBeGreaterThan(0n)
    // Never double counted: each project's own spend plus each shared group once is the dashboard's project total.
    const own = overview.projects.reduce((sum, p) => sum + fromAmount(p.spend.monthToDate), 0n)
    expect(own + fromAmount(byDir.get(dir('one'))!.spend.shared!.monthToDate)).toBe(
      fromAmount(group(month, dir('acme'))) + fromAmount(group(month, dir('filep'))) + fromAmount(group(month, '~shared')),
    )
    expect(byDir.get(dir('acme'))).toMatchObject({ profile: 'acme', source: 'binding', allowed: null, projectFile: null, exists: true })
    expect(byDir.get(dir('filep'))).toMatchObject({ profile: 'solo', source: 'project-file', binding: null, projectFile: { state: 'allowed', profile: 'solo' } })
  })

  it('projects on the first day of the month from the last 7 days, in the user’s time zone', async () => {
    const early = createProjectsService({ config, bindings, audit, usage: kit.queries, revealer: noRevealer, now: () => new Date('2026-04-01T10:00:00Z') })
    const overview = await early.list(TZ)
    const acme = overview.projects.find((p) => p.directory === dir('acme'))!
    expect(acme.spend.projected).not.toBeNull()
    expect(fromAmount(acme.spend.projected!.low)).toBeGreaterThanOrEqual(fromAmount(acme.spend.monthToDate))
    await expect(early.list('Mars/Olympus')).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/not a time zone/) })
  })

  it('shows the newest key served in or under each project, with the claimed agent and the real executable', async () => {
    await audit.append({ event: 'key.served', profile: 'acme', directory: dir('acme/sub'), agent: 'old-tool', transport: 'socket' })
    await audit.append({ event: 'key.served', profile: 'acme', directory: dir('acme/sub'), agent: 'claude-code', transport: 'socket', executable: '/usr/bin/node', pid: 4242 })
    await audit.append({ event: 'key.served', profile: 'solo', directory: dir('elsewhere'), agent: 'x' })
    await audit.append({ event: 'key.copied', profile: 'shared', directory: dir('one') })
    const byDir = new Map((await service().list(TZ)).projects.map((p) => [p.directory, p]))
    expect(byDir.get(dir('acme'))!.lastServed).toEqual({ at: NOW.toISOString(), profile: 'acme', directory: dir('acme/sub'), agent: 'claude-code', executable: '/usr/bin/node', pid: 4242 })
    expect(byDir.get(dir('one'))!.lastServed).toBeNull() // a copy is not a key served to a tool
    expect(byDir.get(dir('filep'))!.lastServed).toBeNull()
  })
})

describe('project files', () => {
  it('marks a changed file, allows only the sha256 shown, and a pending file in a bound directory', async () => {
    const projects = service()
    await writeFile(dir('filep/.keyward.json'), '{"profile": "acme"}\n')
    const changed = (await projects.list(TZ)).projects.find((p) => p.directory === dir('filep'))!.projectFile!
    expect(changed).toMatchObject({ state: 'changed', profile: 'acme' })
    await expect(projects.allow(dir('filep'), 'a'.repeat(64))).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/changed after it was shown; nothing was allowed/) })
    expect((await config.read()).allowedProjects.find((a) => a.directory === dir('filep'))!.profile).toBe('solo')
    await expect(projects.allow(dir('filep'), changed.sha256!)).resolves.toMatchObject({ profile: 'acme' })
    expect((await projects.list(TZ)).projects.find((p) => p.directory === dir('filep'))!.projectFile!.state).toBe('allowed')

    await writeFile(dir('two/.keyward.json'), '{"profile": "solo"}\n')
    const pending = (await projects.list(TZ)).projects.find((p) => p.directory === dir('two'))!.projectFile!
    expect(pending).toMatchObject({ state: 'pending', profile: 'solo' })
    await projects.allow(dir('two'), pending.sha256!)
    expect((await projects.list(TZ)).projects.find((p) => p.directory === dir('two'))!).toMatchObject({ source: 'binding', profile: 'shared', projectFile: { state: 'allowed' } })
    await rm(dir('two/.keyward.json'))
    expect((await projects.list(TZ)).projects.find((p) => p.directory === dir('two'))!.projectFile!.state).toBe('missing')
  })

  it('never allows a parent’s file for a listed directory, nor a directory that is not listed', async () => {
    const projects = service()
    await writeFile(join(root, '.keyward.json'), '{"profile": "solo"}\n')
    const before = (await config.read()).allowedProjects
    await expect(projects.allow(dir('acme'), 'b'.repeat(64))).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/has no \.keyward\.json of its own/) })
    await expect(projects.allow(dir('elsewhere'), 'b'.repeat(64))).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/not a bound directory or an allowed project/) })
    expect((await config.read()).allowedProjects).toEqual(before)
    await rm(join(root, '.keyward.json'))
  })

  it('reports a link to /dev/zero or a FIFO as invalid without reading it, and lists the rest', async () => {
    await mkdir(dir('hostile'))
    await bindings.set(dir('hostile'), 'acme')
    await symlink('/dev/zero', dir('hostile/.keyward.json'))
    let file = (await service().list(TZ)).projects.find((p) => p.directory === dir('hostile'))!.projectFile!
    expect(file).toMatchObject({ state: 'invalid', sha256: null, reason: expect.stringMatching(/symbolic link/) })
    await rm(dir('hostile/.keyward.json'))
    execFileSync('mkfifo', [dir('hostile/.keyward.json')])
    const overview = await service().list(TZ)
    file = overview.projects.find((p) => p.directory === dir('hostile'))!.projectFile!
    expect(file).toMatchObject({ state: 'invalid', reason: expect.stringMatching(/FIFO|not a regular file/i) })
    expect(overview.projects).toHaveLength(5)
    await expect(service().allow(dir('hostile'), 'c'.repeat(64))).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    await bindings.remove(dir('hostile'))
  })
})

describe('projects.reveal', () => {
  it('reveals only a listed directory at its real path, and the daemon refuses with the path to copy', async () => {
    const revealed: string[] = []
    const projects = service(revealed)
    await projects.reveal(dir('acme'))
    expect(revealed).toEqual([dir('acme')])
    await expect(projects.reveal('/etc')).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(projects.reveal(dir('acme/sub'))).rejects.toMatchObject({ code: 'NOT_FOUND' })
    // A listed directory swapped for a link elsewhere is not followed.
    await rename(dir('one'), dir('one-moved'))
    await symlink('/etc', dir('one'))
    await expect(projects.reveal(dir('one'))).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/is now a link to \/etc/) })
    expect(revealed).toEqual([dir('acme')])
    expect((await projects.list(TZ)).projects.find((p) => p.directory === dir('one'))!.exists).toBe(false)
    await rm(dir('one'))
    await rename(dir('one-moved'), dir('one'))
    const daemon = createProjectsService({ config, bindings, audit, usage: kit.queries, revealer: noRevealer, now: () => NOW })
    await expect(daemon.reveal(dir('acme'))).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining(`copy the path and open it yourself: ${dir('acme')}`) })
  })
})
