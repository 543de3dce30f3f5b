import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startKeySocketServer } from '../../electron/core/serving/socket/socket-server'
import { createVault } from '../../electron/core/vault/vault'
import { secretServiceAvailable } from '../support/keyring'
import { type Daemon, runKeyward, startDaemon } from './support/cli'
import { figureSheet, quantile } from './support/figures'
import { connectLines } from './support/socket'
import { type BoundProject, type World, createWorld } from './support/world'

/*
 * Load: 200 `keyward helper` processes at once, and 10,000 socket requests over 100 connections;
 * every answer must be the key of the asking directory. Percentiles are reported, not asserted.
 */

const HELPERS = 200
const DIRECT_HELPERS = 40
const HELPER_TIMEOUT_MS = 60_000
const SOCKET_REQUESTS = 10_000
const CONNECTIONS = 100

const keyring = await secretServiceAvailable()
if (!keyring.available) console.log(keyring.reason)

const sheet = figureSheet('load', 'Load')

describe.skipIf(!keyring.available)('load', () => {
  let world: World
  let daemon: Daemon
  let bound: BoundProject[]
  let socketPath: string
  let closeSocket: (() => Promise<void>) | null = null

  beforeAll(async () => {
    world = createWorld('load', 11)
    const vault = createVault({ dataDir: world.home })
    bound = []
    for (let i = 0; i < 6; i++) {
      const profile = `ld-${i}-${process.pid}`
      const key = world.key('api', profile)
      const dir = world.dir('projects', `p${i}`, ...(i % 2 === 0 ? ['src', 'deep'] : []))
      await vault.profiles.add({ name: profile, kind: 'api', key })
      await vault.bindings.set(world.dir('projects', `p${i}`), profile)
      bound.push({ dir, profile, key })
    }
    daemon = await startDaemon(world.env)
    if (daemon.servesSocket) socketPath = daemon.socketPath
    else {
      const server = await startKeySocketServer({ keys: vault.keys, dataDir: world.home })
      socketPath = server.location.path
      closeSocket = () => server.close()
      sheet.note('`keyward daemon` did not serve the key socket, so the socket server module ran in the test process.')
    }
  }, 60_000)

  afterAll(async () => {
    await closeSocket?.()
    await daemon?.stop()
    sheet.write()
    world?.cleanup()
  })

  async function helperWave(label: string, count: number) {
    const started = performance.now()
    const runs = await Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const project = bound[i % bound.length]!
        const run = await runKeyward(['helper'], { env: { ...world.env, AI_AGENT: 'load' }, cwd: project.dir, timeoutMs: HELPER_TIMEOUT_MS })
        return { run, project }
      }),
    )
    const wall = performance.now() - started
    const wrong = runs.filter(({ run, project }) => run.code !== 0 || run.stdout !== `${project.key}\n`)
    const times = runs.map(({ run }) => run.ms)
    sheet.set(`${label}: helpers run concurrently`, count)
    sheet.set(`${label}: wrong or failed answers`, wrong.length)
    sheet.set(`${label}: killed at the ${HELPER_TIMEOUT_MS / 1000} s bound`, runs.filter(({ run }) => run.signal === 'SIGKILL').length)
    sheet.set(`${label}: p50 (ms)`, quantile(times, 0.5))
    sheet.set(`${label}: p99 (ms)`, quantile(times, 0.99))
    sheet.set(`${label}: wall time for all (ms)`, Math.round(wall))
    for (const { run, project } of wrong.slice(0, 3)) console.log(`${label}: ${project.dir}: exit ${run.code} ${run.signal ?? ''} stderr ${run.stderr.slice(0, 300)}`)
    return wrong.length
  }

  it(`${HELPERS} concurrent helpers with the daemon each get their directory's key`, async () => {
    if (!daemon.servesSocket) sheet.skip('helpers "with the daemon": the daemon serves no socket, so these ran on the direct keychain path too')
    expect(await helperWave('helper, daemon running', HELPERS)).toBe(0)
  }, 180_000)

  // Without a daemon each helper opens the keychain over D-Bus itself; gnome-keyring serialises
  // those, so a smaller wave keeps the suite inside its time budget while checking correctness.
  it(`${DIRECT_HELPERS} concurrent helpers without a daemon each get their directory's key`, async () => {
    await daemon.stop()
    await closeSocket?.()
    closeSocket = null
    expect(await helperWave('helper, no daemon (direct keychain)', DIRECT_HELPERS)).toBe(0)
  }, 180_000)

  it(`${SOCKET_REQUESTS} socket requests over ${CONNECTIONS} connections each get the right key`, async () => {
    let path = socketPath
    let stop: (() => Promise<void>) | null = null
    if (daemon.child.exitCode !== null || daemon.child.signalCode !== null) {
      const restarted = await startDaemon(world.env)
      if (restarted.servesSocket) {
        path = restarted.socketPath
        stop = () => restarted.stop()
      } else {
        await restarted.stop()
        const server = await startKeySocketServer({ keys: createVault({ dataDir: world.home }).keys, dataDir: world.home })
        path = server.location.path
        stop = () => server.close()
      }
    }
    const clients = await Promise.all(Array.from({ length: CONNECTIONS }, () => connectLines(path)))
    const times: number[] = []
    let wrong = 0
    let next = 0
    const started = performance.now()
    await Promise.all(
      clients.map(async (client) => {
        while (next < SOCKET_REQUESTS) {
          const project = bound[next++ % bound.length]!
          const t0 = performance.now()
          const reply = await client.request(JSON.stringify({ v: 1, op: 'resolve', cwd: project.dir, agent: 'load' }))
          times.push(performance.now() - t0)
          const parsed = reply ? (JSON.parse(reply) as { ok?: boolean; key?: string }) : null
          if (parsed?.key !== project.key) wrong++
        }
      }),
    )
    const wall = performance.now() - started
    for (const c of clients) c.close()
    await stop?.()
    sheet.set('socket: requests', times.length)
    sheet.set('socket: connections', CONNECTIONS)
    sheet.set('socket: wrong or failed answers', wrong)
    sheet.set('socket: p50 (ms)', quantile(times, 0.5))
    sheet.set('socket: p99 (ms)', quantile(times, 0.99))
    sheet.set('socket: requests per second', Math.round(times.length / (wall / 1000)))
    expect(times.length).toBe(SOCKET_REQUESTS)
    expect(wrong).toBe(0)
  }, 180_000)
})
