import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newAlertId } from '../../electron/core/alerts/channels/alert-from-notice'
import type { Alert } from '../../electron/core/alerts/channels/channel'
import { createOutbox } from '../../electron/core/alerts/outbox/outbox'
import { secretServiceAvailable } from '../support/keyring'
import { type WebhookReceiver, startWebhookReceiver, waitFor } from '../support/receivers'
import { runProcess } from '../support/run-process'
import { skipBecause } from '../support/skip'

/*
 * The durable outbox in a real `keyward daemon` (the built CLI) against a real HTTP receiver that
 * checks the HMAC signature and takes each alert id once: every alert is delivered exactly once
 * across a receiver outage, and across `kill -9` of the daemon in the middle of a delivery (the
 * receiver got the alert, the daemon never heard back). The second case shows the at-least-once
 * window on the wire honestly: the alert arrives twice, and the id makes the receiver take it once.
 */

const KEYWARD_BIN = resolve('bin/keyward')
const keyring = await secretServiceAvailable()
const SECRET = 'integration-signing-secret-0123456789'
const home = mkdtempSync(join(tmpdir(), 'keyward-delivery-'))
const env: NodeJS.ProcessEnv = { ...process.env, KEYWARD_HOME: home, KEYWARD_OUTBOX_RETRY_MS: '200', KEYWARD_SYNC_INTERVAL_MINUTES: '60' }
let receiver: WebhookReceiver
const daemons = new Set<ChildProcess>()

/** What the CLI's own queueing does (core/alerts/outbox), from this process: the daemon works it. */
const queue = createOutbox({ dir: join(home, 'outbox'), open: async () => null, log: () => {} })
const records = async () => Object.fromEntries((await queue.records()).map((r) => [r.alert.id, r]))

function alert(n: number): Alert {
  return {
    id: newAlertId(),
    kind: 'budget-threshold',
    title: `Budget exceeded ${n}`,
    body: 'This month: 120.00 of 100.00 USD.',
    createdAt: new Date(Date.UTC(2026, 2, 1, 0, n)).toISOString(),
    details: { n },
  }
}

async function keyward(args: string[], input?: string) {
  return runProcess(KEYWARD_BIN, args, { env, ...(input !== undefined && { input }) }).done
}

/** Starts `keyward daemon --json` and waits (bounded) for the document it prints once it runs. */
async function startDaemon(): Promise<ChildProcess> {
  const child = spawn(KEYWARD_BIN, ['daemon', '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  daemons.add(child)
  child.once('exit', () => daemons.delete(child))
  let out = ''
  let err = ''
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()))
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()))
  const up = await waitFor(() => out.includes('"socket"') || child.exitCode !== null, 20_000)
  if (!up || child.exitCode !== null) throw new Error(`daemon did not start: ${err.slice(0, 600)}`)
  return child
}

async function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((done) => child.once('exit', done))
  child.kill(signal)
  await exited
}

beforeAll(async () => {
  if (!keyring.available) return
  receiver = await startWebhookReceiver(SECRET)
  const added = await keyward(['channels', 'add', 'hook', '--webhook', receiver.url, '--format', 'json', '--secret-stdin'], `${SECRET}\n`)
  if (added.code !== 0) throw new Error(`channels add failed: ${added.stderr}`)
}, 60_000)

afterAll(async () => {
  for (const d of [...daemons]) await stop(d, 'SIGKILL')
  if (keyring.available) await keyward(['channels', 'remove', 'hook'])
  await receiver?.close()
  rmSync(home, { recursive: true, force: true })
})

describe('alerts through the daemon outbox to a real webhook receiver', () => {
  it('delivers each alert exactly once across a receiver outage (refused, then 503)', async (context) => {
    if (!keyring.available) skipBecause(context, keyring.reason)
    await receiver.close()
    const alerts = [alert(1), alert(2), alert(3), alert(4)]
    for (const a of alerts) await queue.enqueue(a, ['hook'])
    const daemon = await startDaemon()
    try {
      // Down: nothing listens; the daemon records why and backs off.
      expect(await waitFor(async () => Object.values(await records()).every((r) => r.attempts >= 2 && r.state === 'pending'), 15_000)).toBe(true)
      expect(Object.values(await records())[0]!.lastError).toMatch(/could not connect \(ECONNREFUSED\)/)
      // Up but busy: 503 is retried too.
      receiver.mode = 'busy'
      await receiver.listen()
      expect(await waitFor(() => receiver.wire.length >= 2, 15_000)).toBe(true)
      receiver.mode = 'accept'
      expect(await waitFor(async () => Object.values(await records()).every((r) => r.state === 'delivered'), 20_000)).toBe(true)
    } finally {
      await stop(daemon, 'SIGTERM')
    }
    const ids = receiver.accepted.map((a) => a.id)
    for (const a of alerts) expect(ids.filter((id) => id === a.id)).toHaveLength(1)
    expect(receiver.duplicates).toEqual([])
    expect(receiver.badSignatures).toBe(0)
    expect(receiver.accepted.find((a) => a.id === alerts[0]!.id)!.body).toMatchObject({ kind: 'budget-threshold', title: 'Budget exceeded 1', details: { n: 1 } })
  }, 90_000)

  it('delivers each alert exactly once across kill -9 of the daemon mid-delivery (same id again, dropped by the receiver)', async (context) => {
    if (!keyring.available) skipBecause(context, keyring.reason)
    receiver.accepted.length = 0
    receiver.wire.length = 0
    receiver.mode = 'hang'
    const [x, y, z] = [alert(5), alert(6), alert(7)]
    for (const a of [x!, y!, z!]) await queue.enqueue(a, ['hook'])
    const first = await startDaemon()
    // The receiver has taken x; its reply never comes; the daemon's record says "sending".
    expect(await waitFor(() => receiver.accepted.some((a) => a.id === x!.id), 15_000)).toBe(true)
    expect((await records())[x!.id]).toMatchObject({ state: 'sending', attempts: 1 })
    await stop(first, 'SIGKILL')
    receiver.mode = 'accept'
    const second = await startDaemon()
    try {
      const allDelivered = async () => {
        const r = await records()
        return [x!, y!, z!].every((a) => r[a.id]?.state === 'delivered')
      }
      expect(await waitFor(allDelivered, 20_000)).toBe(true)
    } finally {
      await stop(second, 'SIGTERM')
    }
    const accepted = receiver.accepted.map((a) => a.id)
    for (const a of [x!, y!, z!]) expect(accepted.filter((id) => id === a.id)).toHaveLength(1)
    // The at-least-once window, made visible: x crossed the wire twice, under one id, and was taken once.
    expect(receiver.duplicates).toEqual([x!.id])
    expect(receiver.wire.filter((id) => id === x!.id)).toHaveLength(2)
    expect((await records())[x!.id]).toMatchObject({ state: 'delivered', attempts: 2 })
    expect(receiver.badSignatures).toBe(0)
  }, 90_000)
})
