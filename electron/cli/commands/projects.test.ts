import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createAuditLog } from '../../core/platform/audit/audit-log'
import { createBindingsService } from '../../core/keys/bindings/bindings-service'
import { createConfigStore } from '../../core/platform/config/config-store'
import { runCliCommand } from '../cli-run.test-support'
import { EXIT } from '../exit-codes'
import { parseProjectsArgs, projectsCommand } from './projects'

const NOW = new Date('2026-04-20T15:30:00Z')
let root: string
let home: string

/** Runs `keyward projects ARGS` as main.ts does, over buffers, with KEYWARD_HOME in a temp directory. */
async function projects(...args: string[]) {
  return runCliCommand(projectsCommand, args, root, { KEYWARD_HOME: home, TZ: 'UTC' })
}

beforeEach(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), 'keyward-projects-cli-')))
  home = join(root, 'home')
  await mkdir(join(root, 'acme/sub'), { recursive: true })
  await mkdir(join(root, 'filep'))
  const config = createConfigStore(home, () => NOW)
  const audit = createAuditLog(home, () => NOW)
  await config.update((c) => ({ ...c, profiles: [{ name: 'acme', kind: 'api', hint: 'sk-ant-api03-aaa…1111', tags: [], createdAt: NOW.toISOString(), rotatedAt: null }] }))
  const bindings = createBindingsService({ config, audit, now: () => NOW })
  await bindings.set(join(root, 'acme'), 'acme')
  await writeFile(join(root, 'filep/.keyward.json'), '{"profile": "acme"}')
  await bindings.allow(join(root, 'filep'))
  await audit.append({ event: 'key.served', profile: 'acme', directory: join(root, 'acme/sub'), agent: 'claude-code', transport: 'socket', executable: '/usr/bin/node', pid: 77 })
  await audit.close()
})
afterEach(async () => rm(root, { recursive: true, force: true }))

describe('keyward projects', () => {
  it('prints every project as JSON, with zero spend and no sync before any usage was synced', async () => {
    const { code, out, err } = await projects('--json')
    expect({ code, err }).toEqual({ code: EXIT.OK, err: '' })
    const overview = JSON.parse(out)
    expect(overview).toMatchObject({ currency: 'USD', lastSyncedAt: null, timeZone: 'UTC' })
    expect(overview.projects).toEqual([
      expect.objectContaining({
        directory: join(root, 'acme'),
        profile: 'acme',
        source: 'binding',
        lastServed: expect.objectContaining({ agent: 'claude-code', executable: '/usr/bin/node', pid: 77, directory: join(root, 'acme/sub') }),
      }),
      expect.objectContaining({ directory: join(root, 'filep'), source: 'project-file', projectFile: expect.objectContaining({ state: 'allowed' }), lastServed: null }),
    ])
    // Nothing synced: no pace to project from.
    expect(overview.projects[0].spend).toEqual({ today: '0', monthToDate: '0', projected: null, shared: null })
  })

  it('prints a block per project in text, naming the tool and the real executable', async () => {
    const { code, out } = await projects()
    expect(code).toBe(EXIT.OK)
    expect(out).toContain('2 project(s); spend in UTC, usage never synced (run: keyward sync)')
    expect(out).toContain(`${join(root, 'acme')}\n  profile    acme (bound)`)
    expect(out).toMatch(/last key {3}\S+, acme to claims claude-code, \/usr\/bin\/node \(pid 77\) in .*acme\/sub/)
    expect(out).toContain('  file       allowed, proposes acme')
    expect(out).toContain('never served here')
  })

  it('refuses an unknown flag and a time zone that does not exist, with what to do', async () => {
    expect(() => parseProjectsArgs(['--all'], {})).toThrow(/--all/)
    expect(parseProjectsArgs(['--tz', 'Europe/Berlin'], { TZ: 'UTC' })).toEqual({ timeZone: 'Europe/Berlin', json: false })
    const bad = await projects('--tz', 'Nowhere/Atlantis')
    expect(bad.code).not.toBe(EXIT.OK)
    expect(bad.err).toMatch(/^keyward: "Nowhere\/Atlantis" is not a time zone this system knows; use an IANA name/)
  })
})
