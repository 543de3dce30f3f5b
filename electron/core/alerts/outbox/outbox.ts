import { readdir, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { KeywardError, isKeywardError } from '../../../../shared/keyward-error'
import { redactSecrets } from '../../../../shared/redact'
import { writeStateFile } from '../../platform/config/atomic-write'
import { readStateFile } from '../../platform/fs/safe-file'
import type { Alert, Channel, DeliveryResult } from '../channels/channel'
import { DEFAULT_RETRY, type RetryPolicy } from './backoff'
import { OutboxRecord, claim, isDue, newRecord, requeue, settle } from './outbox-record'

/*
 * The durable outbox: one file per alert and channel in `<dataDir>/outbox/`, each state change
 * written atomically (writeStateFile: temp file, fsync, rename, fsync the directory), so an alert
 * survives a restart, a power cut and `kill -9`.
 *
 * Record, then send. Before each try the record is rewritten as `sending` with the attempt
 * counted; only then is the alert handed to the channel; the answer is recorded afterwards. A
 * crash can therefore leave a record in `sending`, and the receiver may or may not have the alert:
 * the outbox cannot know, so it sends again. That is the one at-least-once window on the wire —
 * from the receiver taking the alert to the `delivered` record reaching the disk (a crash, or a
 * reply lost on the way back). The other order (record `delivered`, then send) would instead lose
 * the alert in that window, and an alert that never arrives is worse than one that arrives twice.
 * Every try of an alert carries the same id (header X-Keyward-Alert-Id and `id` in a JSON body;
 * Message-ID `<id@keyward.alert>` in e-mail), so a receiver that drops ids it has seen gets each
 * alert exactly once; the tests' receivers do that and assert each id is taken exactly once.
 *
 * One process works the outbox at a time: the app or the daemon, whichever holds the key socket
 * (a second one stops at start-up). The CLI only adds records, which that worker picks up on its
 * next poll.
 */

/** One outbox file's name: `<alert id>.<channel>.json` (both ids are restricted to [a-z0-9_-]). */
const FILE = /^(alrt_[0-9a-f]{24})\.([a-z0-9][a-z0-9_-]{0,39})\.json$/

/** The outbox of one data directory. */
export interface Outbox {
  /** Writes one pending record per channel (durably) and wakes the worker. */
  enqueue(alert: Alert, channels: readonly string[]): Promise<void>
  /** Every record, newest first. */
  records(): Promise<OutboxRecord[]>
  /** One pass: tries every due record once, in the order they were raised; the number tried. */
  runDue(): Promise<number>
  /** Puts a failed record back in the queue; false when there is no such failed record. */
  requeue(alertId: string, channel: string): Promise<boolean>
  /** Works the outbox on a timer (polling every `pollMs` for records other processes added). */
  start(pollMs?: number): void
  stop(): Promise<void>
}

/** What the outbox needs: where, how to reach a channel by name, and (for tests) the clock and dice. */
export interface OutboxDeps {
  readonly dir: string
  /** The channel named `name`, or null when there is none any more. */
  readonly open: (name: string) => Promise<Channel | null>
  readonly log: (line: string) => void
  readonly policy?: RetryPolicy
  readonly now?: () => number
  readonly random?: () => number
  /** How long delivered records are kept (for the Channels screen), 7 days by default. */
  readonly keepDeliveredMs?: number
}

/** Opens the outbox in `deps.dir` (created 0700 on first write). */
export function createOutbox(deps: OutboxDeps): Outbox {
  const policy = deps.policy ?? DEFAULT_RETRY
  const now = deps.now ?? Date.now
  const random = deps.random ?? Math.random
  const keepDelivered = deps.keepDeliveredMs ?? 7 * 24 * 3_600_000
  const warned = new Set<string>()
  let timer: NodeJS.Timeout | null = null
  let running: Promise<number> | null = null
  let stopped = true
  let pollMs = 5_000

  const pathOf = (alertId: string, channel: string): string => join(deps.dir, `${alertId}.${channel}.json`)
  const write = (record: OutboxRecord): Promise<void> => writeStateFile(pathOf(record.alert.id, record.channel), `${JSON.stringify(record)}\n`)

  async function readRecord(file: string): Promise<OutboxRecord | null> {
    const match = FILE.exec(file)
    if (!match) return null
    try {
      const text = await readStateFile(join(deps.dir, file), 256 * 1024)
      if (text === null) return null
      const parsed = OutboxRecord.safeParse(JSON.parse(text))
      if (parsed.success && parsed.data.alert.id === match[1] && parsed.data.channel === match[2]) return parsed.data
    } catch (error) {
      if (!warned.has(file)) deps.log(`outbox: ${file} was skipped: ${error instanceof Error ? error.message : String(error)}`)
      warned.add(file)
      return null
    }
    if (!warned.has(file)) deps.log(`outbox: ${file} is not an outbox record Keyward wrote; it was skipped (remove it)`)
    warned.add(file)
    return null
  }

  async function records(): Promise<OutboxRecord[]> {
    const files = await readdir(deps.dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [] as string[]
      throw error
    })
    const found = (await Promise.all(files.map(readRecord))).filter((r): r is OutboxRecord => r !== null)
    return found.sort((a, b) => b.alert.createdAt.localeCompare(a.alert.createdAt) || a.channel.localeCompare(b.channel))
  }

  function describe(record: OutboxRecord, result: DeliveryResult, next: OutboxRecord): string {
    const what = `channel ${record.channel}: alert ${record.alert.id} (${record.alert.title.slice(0, 80)})`
    if (next.state === 'failed')
      return `${what} could not be delivered: ${next.lastError ?? ''}; fix the channel (keyward channels test ${record.channel}), then: keyward channels retry ${record.alert.id} ${record.channel}`
    const wait = Math.round(((next.nextAttemptAt ?? now()) - now()) / 1000)
    return `${what} not delivered yet (${result.kind === 'ok' ? '' : result.reason}); try ${next.attempts + 1} in ${wait} s`
  }

  /** Opens the channel and delivers; a throw (a locked keychain, a bug) is a transient failure, retried with backoff. */
  async function deliver(record: OutboxRecord): Promise<DeliveryResult> {
    try {
      const channel = await deps.open(record.channel)
      if (channel === null) return { kind: 'permanent', reason: `there is no channel named ${record.channel} any more; add it again` }
      return await channel.deliver(record.alert)
    } catch (error) {
      const why = isKeywardError(error) ? redactSecrets(error.message).slice(0, 300) : `the channel failed unexpectedly (${error instanceof Error ? error.name : 'error'})`
      return { kind: 'transient', reason: why }
    }
  }

  async function attempt(record: OutboxRecord): Promise<void> {
    const claimed = claim(record, now())
    // Recorded before the send: a crash from here on means "maybe sent", and it is sent again with the same id.
    await write(claimed)
    const result = await deliver(claimed)
    const settled = settle(claimed, result, now(), policy, random())
    await write(settled)
    if (settled.state !== 'delivered') deps.log(describe(record, result, settled))
  }

  async function pass(): Promise<number> {
    const all = await records()
    const at = now()
    let tried = 0
    for (const record of [...all].reverse()) {
      if ((record.state === 'delivered' && at - record.updatedAt > keepDelivered) || (record.state === 'failed' && at - record.updatedAt > 4 * keepDelivered)) {
        await unlink(pathOf(record.alert.id, record.channel)).catch(() => {})
        continue
      }
      if (!isDue(record, at)) continue
      tried += 1
      await attempt(record).catch((error: unknown) => deps.log(`outbox: could not record a delivery of ${record.alert.id}: ${error instanceof Error ? error.message : String(error)}`))
    }
    return tried
  }

  function runDue(): Promise<number> {
    running ??= pass().finally(() => {
      running = null
    })
    return running
  }

  async function nextWake(): Promise<number> {
    const pending = (await records().catch(() => [])).filter((r) => r.state === 'pending' || r.state === 'sending')
    const soonest = Math.min(...pending.map((r) => (r.state === 'sending' ? now() : (r.nextAttemptAt ?? now()))))
    return Math.max(50, Math.min(pollMs, soonest - now()))
  }

  function schedule(ms: number): void {
    if (stopped) return
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => {
      timer = null
      void runDue()
        .catch((error: unknown) => deps.log(`outbox: ${error instanceof Error ? error.message : String(error)}`))
        .then(nextWake)
        .then(schedule, () => schedule(pollMs))
    }, ms)
    timer.unref()
  }

  return {
    async enqueue(alert, channels) {
      // The names become file names: anything but a channel name (a path, a dot) is refused before any write.
      const bad = FILE.test(`${alert.id}.x.json`) ? channels.find((c) => !FILE.test(`${alert.id}.${c}.json`)) : alert.id
      if (bad !== undefined) throw new KeywardError('INVALID_INPUT', `"${bad.slice(0, 60)}" is not a channel name or alert id; nothing was queued`)
      for (const channel of new Set(channels)) await write(newRecord(alert, channel, now()))
      schedule(0)
    },
    records,
    runDue,
    async requeue(alertId, channel) {
      const record = FILE.test(`${alertId}.${channel}.json`) ? await readRecord(`${alertId}.${channel}.json`) : null
      if (record?.state !== 'failed') return false
      await write(requeue(record, now()))
      schedule(0)
      return true
    },
    start(every = 5_000) {
      pollMs = every
      stopped = false
      schedule(0)
    },
    async stop() {
      stopped = true
      if (timer) clearTimeout(timer)
      timer = null
      await running?.catch(() => {})
    },
  }
}
