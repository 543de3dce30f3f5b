import type { DatabaseSync } from 'node:sqlite'
import { CLAUDE_CODE_TOOLS, type ClaudeCodeRecord } from './claude-code-record'
import type { ClaudeCodeDay, ClaudeCodeStore } from './claude-code-store'

/** The connections of the usage database the report shares (store/usage-store.ts). */
export interface ClaudeCodeDbAccess {
  /** The connection, or null when there is no database yet (nothing was ever fetched). */
  read(): DatabaseSync | null
  /** The connection, the database created when missing. */
  write(): DatabaseSync
}

/** A record's tool columns, in CLAUDE_CODE_TOOLS order: `edit_accepted, edit_rejected, …`. */
const TOOL_COLUMNS = CLAUDE_CODE_TOOLS.flatMap((tool) => {
  const stem = tool.replace(/_tool$/, '')
  return [`${stem}_accepted`, `${stem}_rejected`]
})

const RECORD_COLUMNS = ['actor_type', 'actor_name', 'customer_type', 'terminal_type', 'sessions', 'lines_added', 'lines_removed', 'commits', 'pull_requests', ...TOOL_COLUMNS]

type Row = Record<string, string | number | bigint | null>

/**
 * The Claude Code report in the usage database (tables `claude_code_day`, `claude_code_record`,
 * `claude_code_model`; see store/schema.ts). `putDay` replaces the day's rows in one transaction,
 * so a day is as one fetch left it or absent, also across processes and a crash. Costs go in and
 * out as bigint INTEGER micro-cents, never REAL, so they stay exact.
 */
export function createSqliteClaudeCodeStore(access: ClaudeCodeDbAccess): ClaudeCodeStore {
  function inTransaction(db: DatabaseSync, work: () => void): void {
    db.exec('BEGIN IMMEDIATE')
    try {
      work()
      db.exec('COMMIT')
    } catch (error) {
      db.exec('ROLLBACK')
      throw error
    }
  }

  function deleteDays(db: DatabaseSync, orgId: string, where: string, bound: string): void {
    for (const table of ['claude_code_model', 'claude_code_record', 'claude_code_day']) db.prepare(`DELETE FROM ${table} WHERE org_id = ? AND day ${where} ?`).run(orgId, bound)
  }

  function readDays(db: DatabaseSync, orgId: string, fromDay: string, toDay: string): ClaudeCodeDay[] {
    const days = db.prepare('SELECT day, refreshed_at FROM claude_code_day WHERE org_id = ? AND day >= ? AND day <= ? ORDER BY day').all(orgId, fromDay, toDay) as Array<{
      day: string
      refreshed_at: string
    }>
    const recordsOf = new Map<string, Map<number, ClaudeCodeRecord & { models: ClaudeCodeRecord['models'][number][] }>>()
    const records = db.prepare(`SELECT day, seq, ${RECORD_COLUMNS.join(', ')} FROM claude_code_record WHERE org_id = ? AND day >= ? AND day <= ? ORDER BY day, seq`).all(orgId, fromDay, toDay) as Row[]
    for (const r of records) {
      const day = String(r.day)
      let bySeq = recordsOf.get(day)
      if (!bySeq) recordsOf.set(day, (bySeq = new Map()))
      const toolActions = Object.fromEntries(
        CLAUDE_CODE_TOOLS.map((tool, i) => [tool, { accepted: Number(r[TOOL_COLUMNS[2 * i]!]), rejected: Number(r[TOOL_COLUMNS[2 * i + 1]!]) }]),
      ) as ClaudeCodeRecord['toolActions']
      bySeq.set(Number(r.seq), {
        day,
        actor: { type: r.actor_type === 'api_key' ? 'api_key' : 'user', name: String(r.actor_name) },
        customerType: String(r.customer_type),
        terminalType: String(r.terminal_type),
        sessions: Number(r.sessions),
        linesAdded: Number(r.lines_added),
        linesRemoved: Number(r.lines_removed),
        commits: Number(r.commits),
        pullRequests: Number(r.pull_requests),
        toolActions,
        models: [],
      })
    }
    const models = db.prepare(
      'SELECT day, seq, model, input_tokens, output_tokens, cache_read_tokens, cache_creation_tokens, estimated_cost_micro FROM claude_code_model WHERE org_id = ? AND day >= ? AND day <= ? ORDER BY day, seq, position',
    )
    // Costs are read as bigint, so a sum of cents beyond 2^53 micro-cents is not rounded.
    models.setReadBigInts(true)
    for (const m of models.all(orgId, fromDay, toDay) as Row[]) {
      recordsOf
        .get(String(m.day))
        ?.get(Number(m.seq))
        ?.models.push({
          model: String(m.model),
          inputTokens: Number(m.input_tokens),
          outputTokens: Number(m.output_tokens),
          cacheReadTokens: Number(m.cache_read_tokens),
          cacheCreationTokens: Number(m.cache_creation_tokens),
          estimatedCostMicro: BigInt(m.estimated_cost_micro as bigint),
        })
    }
    return days.map((d) => ({ day: d.day, refreshedAt: d.refreshed_at, records: [...(recordsOf.get(d.day)?.values() ?? [])] }))
  }

  return {
    async putDay(orgId, day, records, refreshedAt) {
      const db = access.write()
      const putRecord = db.prepare(
        `INSERT INTO claude_code_record (org_id, day, seq, ${RECORD_COLUMNS.join(', ')}) VALUES (${Array(RECORD_COLUMNS.length + 3)
          .fill('?')
          .join(', ')})`,
      )
      const putModel = db.prepare(
        'INSERT INTO claude_code_model (org_id, day, seq, position, model, input_tokens, output_tokens, cache_read_tokens, cache_creation_tokens, estimated_cost_micro) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      inTransaction(db, () => {
        deleteDays(db, orgId, '=', day)
        db.prepare('INSERT INTO claude_code_day (org_id, day, refreshed_at) VALUES (?, ?, ?)').run(orgId, day, refreshedAt)
        records.forEach((r, seq) => {
          const tools = CLAUDE_CODE_TOOLS.flatMap((tool) => [r.toolActions[tool].accepted, r.toolActions[tool].rejected])
          putRecord.run(orgId, day, seq, r.actor.type, r.actor.name, r.customerType, r.terminalType, r.sessions, r.linesAdded, r.linesRemoved, r.commits, r.pullRequests, ...tools)
          r.models.forEach((m, position) => putModel.run(orgId, day, seq, position, m.model, m.inputTokens, m.outputTokens, m.cacheReadTokens, m.cacheCreationTokens, m.estimatedCostMicro))
        })
      })
    },
    async days(orgId, fromDay, toDay) {
      const db = access.read()
      return db ? readDays(db, orgId, fromDay, toDay) : []
    },
    async refreshedAt(orgId, fromDay, toDay) {
      const db = access.read()
      if (!db) return new Map()
      const rows = db.prepare('SELECT day, refreshed_at FROM claude_code_day WHERE org_id = ? AND day >= ? AND day <= ?').all(orgId, fromDay, toDay) as Array<{ day: string; refreshed_at: string }>
      return new Map(rows.map((r) => [r.day, r.refreshed_at]))
    },
    async prune(orgId, beforeDay) {
      const db = access.read()
      if (!db) return
      inTransaction(db, () => deleteDays(db, orgId, '<', beforeDay))
    },
  }
}
