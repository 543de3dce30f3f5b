import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type TestDemoHost, startDemoHost } from '../../../test/support/demo-host'
import { runCliCommand } from '../cli-run.test-support'
import { EXIT } from '../exit-codes'
import { demoCommand } from './demo'
import { syncCommand } from './sync'
import { usageCommand } from './usage'

let home: string
let host: TestDemoHost

/** Runs a command as main.ts does, over buffers, with KEYWARD_HOME in a temp directory. */
async function run(command: typeof syncCommand, args: string[]) {
  return runCliCommand(command, args, home, { KEYWARD_HOME: home, TZ: 'UTC' })
}

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'keyward-sync-cli-'))
  host = await startDemoHost(home)
})
afterEach(async () => {
  await host.stop()
  await rm(home, { recursive: true, force: true })
})

describe('keyward sync against a server whose report pages never end', { timeout: 120_000 }, () => {
  it('exits non-zero with one line naming the endpoint, the figures unchanged, and the next sync succeeds', async () => {
    expect((await run(demoCommand, [])).code).toBe(EXIT.OK)
    expect((await run(syncCommand, [])).code).toBe(EXIT.OK)
    const before = await run(usageCommand, ['--json'])
    expect(before.code).toBe(EXIT.OK)
    expect(before.out).toMatch(/cost/)
    host.emulator.faults.set('GET /v1/organizations/analytics/usage', { kind: 'endless' })
    const failed = await run(syncCommand, [])
    host.emulator.faults.clear()
    expect(failed.code).not.toBe(EXIT.OK)
    const lines = failed.out.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(
      /sync failed .*: the Admin API kept returning more pages for \/v1\/organizations\/analytics\/usage after \d+ pages; Keyward stopped; nothing from that report was saved, the cache is unchanged; run keyward sync again later or report it\.$/,
    )
    expect((await run(usageCommand, ['--json'])).out).toBe(before.out)
    expect((await run(syncCommand, [])).code).toBe(EXIT.OK)
  })
})

describe('keyward sync over a data directory holding the usage cache of the format before the database', { timeout: 120_000 }, () => {
  it('says once on stderr that the cache moved and resyncs, then syncs quietly', async () => {
    expect((await run(demoCommand, [])).code).toBe(EXIT.OK)
    for (const org of ['org_old_a', 'org_old_b']) {
      await mkdir(join(home, 'usage', org), { recursive: true })
      await writeFile(join(home, 'usage', org, 'manifest.json'), '{"version":2}')
      await writeFile(join(home, 'usage', org, 'seg-daily-1-ab.kwseg'), 'KWSEG')
    }
    const first = await run(syncCommand, [])
    expect(first.code).toBe(EXIT.OK)
    const notices = first.err.split('\n').filter((line) => line.includes('the usage cache moved to a database'))
    expect(notices).toHaveLength(1)
    expect(notices[0]).toMatch(/the usage cache moved to a database; resyncing 90 days of 2 orgs$/)
    expect(first.out).not.toMatch(/moved to a database/)
    await expect(stat(join(home, 'usage'))).rejects.toThrow(/ENOENT/)
    const second = await run(syncCommand, [])
    expect(second.code).toBe(EXIT.OK)
    expect(second.err).not.toMatch(/moved to a database/)
  })
})
