import { join } from 'node:path'
import { KeywardError } from '../../../../shared/errors'
import { writeStateFile } from '../../platform/config/atomic-write'
import { readFileNoFollow } from '../../platform/fs/safe-file'
import { CLAUDE_CODE_TOOLS, type ClaudeCodeRecord } from './claude-code-record'
import type { ClaudeCodeDay, ClaudeCodeStore } from './claude-code-store'

/** Largest cache file read: 90 days of a large org's records stay far below it. */
const MAX_FILE_BYTES = 64 * 1024 * 1024

/** The file's format version; another version is ignored and refetched. */
const VERSION = 1

/**
 * The Claude Code cache as one JSON file per org in the data directory
 * (`claude-code/<org id in hex>.json`), written atomically and read without following links.
 * Costs are kept as decimal strings of micro-cents, so they stay exact. Writes within one process
 * are serialised; two processes syncing at once may each replace the file, and the next sync
 * refetches whatever the losing write had (days are refetched by their age, so nothing is lost for good).
 */
export function createFileClaudeCodeStore(dataDir: string): ClaudeCodeStore {
  const fileOf = (orgId: string): string => join(dataDir, 'claude-code', `${Buffer.from(orgId, 'utf8').toString('hex').slice(0, 400)}.json`)
  let queue: Promise<unknown> = Promise.resolve()
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work)
    queue = run.catch(() => {})
    return run
  }

  async function load(orgId: string): Promise<Map<string, ClaudeCodeDay>> {
    const path = fileOf(orgId)
    const bytes = await readFileNoFollow(path, MAX_FILE_BYTES)
    if (bytes === null) return new Map()
    try {
      const parsed = JSON.parse(bytes.toString('utf8')) as { version?: unknown; days?: unknown }
      if (parsed.version !== VERSION || !Array.isArray(parsed.days)) return new Map()
      return new Map((parsed.days as StoredDay[]).map((d) => [d.day, revive(d)]))
    } catch (error) {
      throw new KeywardError('INTERNAL', `the Claude Code cache ${path} cannot be read (${error instanceof Error ? error.message.slice(0, 120) : 'malformed'}); delete it and run keyward sync to fetch it again`)
    }
  }

  async function save(orgId: string, days: Map<string, ClaudeCodeDay>): Promise<void> {
    const stored = [...days.values()].sort((a, b) => (a.day < b.day ? -1 : 1)).map(toStored)
    await writeStateFile(fileOf(orgId), JSON.stringify({ version: VERSION, days: stored }))
  }

  const inRange = async (orgId: string, fromDay: string, toDay: string): Promise<ClaudeCodeDay[]> =>
    [...(await load(orgId)).values()].filter((d) => d.day >= fromDay && d.day <= toDay).sort((a, b) => (a.day < b.day ? -1 : 1))

  return {
    putDay: (orgId, day, records, refreshedAt) =>
      serial(async () => {
        const days = await load(orgId)
        days.set(day, { day, refreshedAt, records: [...records] })
        await save(orgId, days)
      }),
    days: (orgId, fromDay, toDay) => inRange(orgId, fromDay, toDay),
    refreshedAt: async (orgId, fromDay, toDay) => new Map((await inRange(orgId, fromDay, toDay)).map((d) => [d.day, d.refreshedAt])),
    prune: (orgId, beforeDay) =>
      serial(async () => {
        const days = await load(orgId)
        const kept = new Map([...days].filter(([day]) => day >= beforeDay))
        if (kept.size !== days.size) await save(orgId, kept)
      }),
  }
}

type StoredModel = Omit<ClaudeCodeRecord['models'][number], 'estimatedCostMicro'> & { estimatedCostMicro: string }
type StoredRecord = Omit<ClaudeCodeRecord, 'models'> & { models: StoredModel[] }
interface StoredDay {
  day: string
  refreshedAt: string
  records: StoredRecord[]
}

function toStored(d: ClaudeCodeDay): StoredDay {
  return { day: d.day, refreshedAt: d.refreshedAt, records: d.records.map((r) => ({ ...r, models: r.models.map((m) => ({ ...m, estimatedCostMicro: m.estimatedCostMicro.toString() })) })) }
}

function revive(d: StoredDay): ClaudeCodeDay {
  if (typeof d.day !== 'string' || typeof d.refreshedAt !== 'string' || !Array.isArray(d.records)) throw new Error('a day without its date, fetch time or records')
  return {
    day: d.day,
    refreshedAt: d.refreshedAt,
    records: d.records.map((r) => {
      for (const tool of CLAUDE_CODE_TOOLS) if (typeof r.toolActions?.[tool]?.accepted !== 'number') throw new Error('a record without its tool actions')
      return { ...r, models: r.models.map((m) => ({ ...m, estimatedCostMicro: BigInt(/^\d{1,30}$/.test(m.estimatedCostMicro) ? m.estimatedCostMicro : 'x') })) }
    }),
  }
}
