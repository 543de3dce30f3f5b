import { join } from 'node:path'
import { z } from 'zod'
import type { RotationOverview } from '../../../../shared/contract/rotation.contract'
import { writeStateFile } from '../../platform/config/atomic-write'
import { readStateFile } from '../../platform/fs/safe-file'
import { withFileLock } from '../../platform/config/file-lock'
import type { Notice } from '../../alerts/notify/notice'
import type { Notifier } from '../../alerts/notify/notifier'

/** What was sent per profile: the key it was about (hint, org key id) and the rotation period (1 = first reminder). */
const SentFile = z.object({
  version: z.literal(1),
  sent: z.record(z.string(), z.object({ hint: z.string(), keyId: z.string().nullable(), period: z.number().int(), at: z.string() })),
})
type SentFile = z.infer<typeof SentFile>

/** What the reminders need: the rotation overview (ages and policy), a notifier, and where to remember what was sent. */
export interface RotationReminderDeps {
  readonly overview: () => Promise<RotationOverview>
  readonly notifier: Notifier
  readonly dataDir: string
  readonly log: (line: string) => void
  readonly now?: () => Date
}

/** Rotation reminders: checked after each usage sync and at start-up; never the same reminder twice, restarts included. */
export interface RotationReminders {
  /** Notifies each profile whose key passed the rotation age and was not reminded in this period; returns the notices sent. */
  check(): Promise<Notice[]>
  /** Starts a check in the background (requests during one coalesce into one more check); failures are logged. */
  checkSoon(): void
  /** Waits for a background check to finish. */
  idle(): Promise<void>
}

const EMPTY: SentFile = { version: 1, sent: {} }

async function readSent(path: string, log: (line: string) => void): Promise<SentFile> {
  // A link, a FIFO or another user's file is refused (UnsafeFileError names it), never followed.
  const text = await readStateFile(path)
  if (text === null) return EMPTY
  try {
    const parsed = SentFile.safeParse(JSON.parse(text))
    if (parsed.success) return parsed.data
  } catch {
    // fall through: a damaged file only means a reminder may repeat once
  }
  log(`the rotation reminder record ${path} was unreadable; starting a new one`)
  return EMPTY
}

/** Builds the reminders over `<dataDir>/rotation-reminders.json` (written atomically under a lock). */
export function createRotationReminders(deps: RotationReminderDeps): RotationReminders {
  const path = join(deps.dataDir, 'rotation-reminders.json')
  const now = deps.now ?? (() => new Date())
  let running: Promise<void> | null = null
  let again = false

  async function check(): Promise<Notice[]> {
    const overview = await deps.overview()
    const due = overview.profiles.filter((p) => p.rotationDue)
    const notices: Notice[] = []
    await withFileLock(`${path}.lock`, async () => {
      const current = await readSent(path, deps.log)
      const names = new Set(overview.profiles.map((p) => p.profile))
      const sent: SentFile['sent'] = Object.fromEntries(Object.entries(current.sent).filter(([name]) => names.has(name)))
      for (const p of due) {
        const period = Math.max(1, Math.floor(p.ageDays / overview.ageDays))
        const keyId = p.orgKey?.keyId ?? null
        const last = sent[p.profile]
        if (last && last.hint === p.hint && last.keyId === keyId && last.period >= period) continue
        sent[p.profile] = { hint: p.hint, keyId, period, at: now().toISOString() }
        notices.push({ kind: 'rotation-reminder', profile: p.profile, ageDays: p.ageDays })
      }
      const changed = notices.length > 0 || Object.keys(sent).length !== Object.keys(current.sent).length
      if (changed) await writeStateFile(path, `${JSON.stringify({ version: 1, sent }, null, 2)}\n`)
    })
    // Recorded first, then sent: a crash in between loses one reminder rather than repeating it forever.
    for (const notice of notices) deps.notifier.notify(notice)
    return notices
  }

  return {
    check,
    checkSoon() {
      // One check at a time; a request during a check runs one more afterwards (it may have missed a sync).
      if (running) {
        again = true
        return
      }
      running = (async () => {
        do {
          again = false
          await check().catch((error: unknown) => deps.log(`rotation reminder check failed: ${error instanceof Error ? error.message : String(error)}`))
        } while (again)
        running = null
      })()
    },
    idle: async () => {
      await running
    },
  }
}
