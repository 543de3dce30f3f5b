import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ReviewReport } from '../../shared/contract/review.contract'
import { demoRecordPath } from '../../electron/core/org/orgs/demo-record'
import { KEYWARD_BIN, type RunningDaemon, startDaemon } from '../support/daemon'
import { runProcess } from '../support/run-process'

/*
 * One demo org across processes: a real `keyward daemon --ui --demo` serves it, and the built CLI,
 * a separate process, acts on that same org. A change made through either surface is seen by the
 * other: an offboard through the CLI in the dashboard's procedures over /rpc, a workspace renamed
 * over /rpc in `keyward review` and `keyward usage`. When the daemon dies, its record is stale:
 * the CLI removes it and says how to start a host, without acting on any copy.
 */

let home: string
let daemon: RunningDaemon
const env = () => ({ ...process.env, KEYWARD_HOME: home, TZ: 'UTC', NO_COLOR: '1' })

/** Runs the built CLI as a user would, in its own process. */
async function keyward(...args: string[]) {
  return runProcess(KEYWARD_BIN, args, { env: env(), cwd: home }).done
}

/** Calls one of the dashboard's procedures over the daemon's HTTP transport. */
async function rpc<T>(name: string, input: unknown = {}): Promise<T> {
  const response = await fetch(`${daemon.origin}/rpc`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-keyward-token': daemon.token },
    body: JSON.stringify({ name, input }),
  })
  const result = (await response.json()) as { ok: boolean; value?: T; error?: { message: string } }
  if (!result.ok) throw new Error(`${name}: ${result.error?.message ?? 'failed'}`)
  return result.value as T
}

interface Page<T> {
  items: T[]
}
interface User {
  id: string
  email: string
  role: string
}
interface ApiKey {
  id: string
  status: string
}

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'keyward-demo-one-'))
  daemon = await startDaemon(['--demo'], { KEYWARD_HOME: home, TZ: 'UTC', KEYWARD_SYNC_INTERVAL_MINUTES: '60' })
})
afterAll(async () => {
  await daemon?.stop()
  await rm(home, { recursive: true, force: true })
})

describe('the demo org of a running daemon is the one every CLI command acts on', { timeout: 120_000 }, () => {
  it('keyward offboard --yes through the CLI: the dashboard shows the person gone and their keys inactive; a second dry run has nothing to do', async () => {
    const users = (await rpc<Page<User>>('admin.listUsers', { orgId: 'demo', limit: 100 })).items
    const activeKeysOf = async (userId: string) => (await rpc<Page<ApiKey>>('admin.listApiKeys', { orgId: 'demo', limit: 100, createdByUserId: userId, status: 'active' })).items
    let leaver: User | undefined
    for (const user of users.filter((u) => u.role === 'developer')) {
      if ((await activeKeysOf(user.id)).length > 0) {
        leaver = user
        break
      }
    }
    expect(leaver).toBeDefined()

    const done = await keyward('offboard', leaver!.email, '--yes')
    expect(done.code, done.stderr).toBe(0)
    expect(done.stdout).toContain('is offboarded')

    expect((await rpc<Page<User>>('admin.listUsers', { orgId: 'demo', limit: 100 })).items.map((u) => u.id)).not.toContain(leaver!.id)
    expect(await activeKeysOf(leaver!.id)).toEqual([])
    const theirs = (await rpc<Page<ApiKey>>('admin.listApiKeys', { orgId: 'demo', limit: 100, createdByUserId: leaver!.id })).items
    expect(theirs.length).toBeGreaterThan(0)
    expect(theirs.every((k) => k.status !== 'active')).toBe(true)

    const again = await keyward('offboard', leaver!.email, '--dry-run')
    expect(again.code, again.stderr).toBe(0)
    expect(again.stdout).toContain('nothing to do (already offboarded')
  })

  it('a workspace renamed over /rpc shows its new name in keyward review and keyward usage --by workspace', async () => {
    const before = await keyward('review', '--json')
    expect(before.code, before.stderr).toBe(0)
    const finding = (JSON.parse(before.stdout) as ReviewReport).findings.find((f) => f.rule === 'unbudgeted-workspace')!
    expect(finding).toBeDefined()
    const workspaceId = finding.id.slice('unbudgeted-workspace:'.length)
    const workspaces = (await rpc<Page<{ id: string; name: string }>>('admin.listWorkspaces', { orgId: 'demo', limit: 100 })).items
    const oldName = workspaces.find((w) => w.id === workspaceId)!.name
    const newName = `Renamed over rpc ${process.pid}`
    await rpc('admin.renameWorkspace', { orgId: 'demo', workspaceId, name: newName })

    const after = await keyward('review', '--json')
    expect(after.code, after.stderr).toBe(0)
    const renamed = (JSON.parse(after.stdout) as ReviewReport).findings.find((f) => f.id === finding.id)!
    expect(JSON.stringify(renamed)).toContain(newName)
    expect(JSON.stringify(renamed)).not.toContain(oldName)

    const synced = await keyward('sync')
    expect(synced.code, synced.stderr).toBe(0)
    const usage = await keyward('usage', '--by', 'workspace', '--json')
    expect(usage.code, usage.stderr).toBe(0)
    expect(usage.stdout).toContain(newName)
    expect(usage.stdout).not.toContain(oldName)
  })

  it('once the daemon is killed, its record is stale: the CLI removes it, says how to start a host, and acts on nothing', async () => {
    const record = demoRecordPath(home)
    expect(existsSync(record)).toBe(true)
    const exited = new Promise((resolve) => daemon.process.once('exit', resolve))
    daemon.process.kill('SIGKILL')
    await exited
    expect(existsSync(record)).toBe(true)

    const review = await keyward('review')
    expect(review.code).toBe(6)
    expect(review.stderr.trim().split('\n')).toHaveLength(1)
    expect(review.stderr).toContain('the demo org lives in the running app or daemon, and none serves it now; start one: keyward daemon --demo (or npm start)')
    expect(existsSync(record)).toBe(false)
  })
})
