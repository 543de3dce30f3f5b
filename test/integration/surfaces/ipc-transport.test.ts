import { mkdtemp, realpath, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { IpcMain, IpcMainInvokeEvent } from 'electron'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { registerRpcHandler } from '../../../electron/main/ipc.main'
import { RPC_CHANNEL } from '../../../shared/ipc'
import { KEYWARD_BIN } from '../../support/daemon'
import { type InProcessApp, startInProcessApp } from '../../support/in-process-app'
import { runProcess } from '../../support/run-process'
import { rangesAt } from '../../support/surfaces'

/*
 * The Electron transport as far as it goes without Electron: the app's own IPC handler
 * (`registerRpcHandler`, with `electron` mocked) in front of the core the app builds. A procedure
 * called over IPC returns the same figure as the same procedure over /rpc and as the built CLI, and
 * the CLI's change to the app's demo org (an offboard) is seen over IPC.
 */

vi.mock('electron', () => ({}))
process.env.TZ = 'UTC'

type Handler = (event: IpcMainInvokeEvent, name: unknown, input: unknown) => Promise<{ ok: boolean; value?: unknown; error?: { message: string } }>

let root: string
let dataDir: string
let app: InProcessApp
let handler: Handler
let dispose: () => void
const dashboardFrame = { url: 'file:///app/out/renderer/index.html', detached: false }

/** Calls a procedure as the dashboard window does: through the one IPC channel, from its top frame. */
async function ipc<T>(name: string, input: unknown = {}): Promise<T> {
  const result = await handler({ senderFrame: dashboardFrame } as unknown as IpcMainInvokeEvent, name, input)
  if (!result.ok) throw new Error(`${name} over IPC: ${result.error?.message}`)
  return result.value as T
}

async function rpc<T>(name: string, input: unknown = {}): Promise<T> {
  const response = await fetch(`${app.http.origin}/rpc`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-keyward-token': app.http.token }, body: JSON.stringify({ name, input }) })
  const result = (await response.json()) as { ok: boolean; value?: T; error?: { message: string } }
  if (!result.ok) throw new Error(`${name} over /rpc: ${result.error?.message}`)
  return result.value as T
}

async function keyward<T>(...args: string[]): Promise<T> {
  const env: NodeJS.ProcessEnv = { ...process.env, KEYWARD_HOME: dataDir, HOME: root, TZ: 'UTC', NO_COLOR: '1' }
  const done = await runProcess(KEYWARD_BIN, args, { env, cwd: root }).done
  if (done.code !== 0) throw new Error(`keyward ${args.join(' ')} exited ${done.code}: ${done.stderr}`)
  return JSON.parse(done.stdout) as T
}

beforeAll(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), 'keyward-ipc-surface-')))
  dataDir = join(root, 'data')
  app = await startInProcessApp(dataDir)
  const ipcMain = {
    handle: (channel: string, fn: Handler) => {
      expect(channel).toBe(RPC_CHANNEL)
      handler = fn
    },
    removeHandler: () => {},
  } as unknown as IpcMain
  dispose = registerRpcHandler(ipcMain, app.router, (frame) => frame === (dashboardFrame as unknown))
  await ipc('orgs.addDemo')
  const synced = await ipc<{ orgs: Array<{ lastError: unknown }> }>('usage.sync', { orgId: 'demo' })
  expect(synced.orgs.map((o) => o.lastError)).toEqual([null])
}, 120_000)

afterAll(async () => {
  dispose?.()
  await app?.close()
  await rm(root, { recursive: true, force: true })
})

describe('the app’s IPC transport reaches the same core as /rpc and the CLI', { timeout: 120_000 }, () => {
  it('this month and today by key, the people, the tray and the Limits screen’s spend: IPC = /rpc, and the org’s totals = keyward usage', async () => {
    expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe('UTC')
    expect(await ipc('app.info')).toMatchObject({ host: 'electron', dataDir })
    for (let attempt = 1; ; attempt++) {
      const hour = Math.floor(Date.now() / 3_600_000)
      const { month, today } = rangesAt(Date.now(), 'UTC')
      const calls: Array<[string, unknown]> = [
        ['usage.summary', { orgId: 'demo', range: month, groupBy: 'key' }],
        ['usage.summary', { orgId: 'demo', range: today, groupBy: 'workspace' }],
        ['usage.people', { orgId: 'demo', range: month }],
        ['tray.summary', {}],
        ['admin.listEffectiveSpendLimits', { orgId: 'demo', limit: 100 }],
      ]
      const overIpc = []
      const overHttp = []
      for (const [name, input] of calls) {
        overIpc.push(await ipc(name, input))
        overHttp.push(await rpc(name, input))
      }
      const cli = await keyward<{ total: { cost: string }; monthToDate: string; today: string; groups: Array<{ id: string; totals: { cost: string } }> }>('usage', '--by', 'key', '--json')
      if (Math.floor(Date.now() / 3_600_000) !== hour && attempt < 3) continue
      expect(overIpc).toEqual(overHttp)
      const [byKey, , , tray] = overIpc as [
        { total: { cost: string }; groups: Array<{ id: string; totals: { cost: string } }> },
        unknown,
        unknown,
        { monthToDate: { amount: string }; today: { amount: string } },
      ]
      expect(byKey.groups.map((g) => [g.id, g.totals.cost])).toEqual(cli.groups.map((g) => [g.id, g.totals.cost]))
      expect(tray.monthToDate.amount).toBe(cli.monthToDate)
      expect(tray.today.amount).toBe(cli.today)
      return
    }
  })

  it('an offboard through the CLI acts on the app’s demo org: the person is gone over IPC', async () => {
    const users = (await ipc<{ items: Array<{ id: string; email: string; role: string }> }>('admin.listUsers', { orgId: 'demo', limit: 100 })).items
    const leaver = users.find((u) => u.role === 'developer')!
    await keyward('offboard', leaver.email, '--yes', '--json')
    const after = (await ipc<{ items: Array<{ id: string }> }>('admin.listUsers', { orgId: 'demo', limit: 100 })).items
    expect(after.map((u) => u.id)).not.toContain(leaver.id)
    expect(after.length).toBe(users.length - 1)
  })

  it('a frame that is not the dashboard’s is refused before the core', async () => {
    const result = await handler({ senderFrame: { url: 'https://evil.example/', detached: false } } as unknown as IpcMainInvokeEvent, 'tray.summary', {})
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_ALLOWED' } })
  })
})
