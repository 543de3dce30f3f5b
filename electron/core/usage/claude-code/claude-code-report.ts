import type { ClaudeCodeFigures, ClaudeCodePerson, ClaudeCodeReport } from '../../../../shared/contract/claude-code.contract'
import { daysBetween } from '../../../../shared/calendar'
import { toAmount } from '../../../../shared/money'
import { CLAUDE_CODE_TOOLS, type ClaudeCodeRecord } from './claude-code-record'
import type { ClaudeCodeDay } from './claude-code-store'

interface ModelSum {
  cost: bigint
  inputTokens: number
  outputTokens: number
  cacheReadTokens: number
  cacheCreationTokens: number
}

/** Running sums of one actor (or the whole team); cost in micro-cents until the end. */
class Sums {
  sessions = 0
  linesAdded = 0
  linesRemoved = 0
  commits = 0
  pullRequests = 0
  toolAccepted = 0
  toolRejected = 0
  readonly models = new Map<string, ModelSum>()

  add(r: ClaudeCodeRecord): void {
    this.sessions += r.sessions
    this.linesAdded += r.linesAdded
    this.linesRemoved += r.linesRemoved
    this.commits += r.commits
    this.pullRequests += r.pullRequests
    for (const tool of CLAUDE_CODE_TOOLS) {
      this.toolAccepted += r.toolActions[tool].accepted
      this.toolRejected += r.toolActions[tool].rejected
    }
    for (const m of r.models) {
      let s = this.models.get(m.model)
      if (!s) this.models.set(m.model, (s = { cost: 0n, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheCreationTokens: 0 }))
      s.cost += m.estimatedCostMicro
      s.inputTokens += m.inputTokens
      s.outputTokens += m.outputTokens
      s.cacheReadTokens += m.cacheReadTokens
      s.cacheCreationTokens += m.cacheCreationTokens
    }
  }

  cost(): bigint {
    let total = 0n
    for (const m of this.models.values()) total += m.cost
    return total
  }

  figures(): ClaudeCodeFigures {
    const models = [...this.models.entries()]
      .sort(([a, x], [b, y]) => (x.cost === y.cost ? a.localeCompare(b) : x.cost > y.cost ? -1 : 1))
      .map(([model, s]) => ({
        model,
        cost: toAmount(s.cost),
        inputTokens: s.inputTokens,
        outputTokens: s.outputTokens,
        cacheReadTokens: s.cacheReadTokens,
        cacheCreationTokens: s.cacheCreationTokens,
      }))
    const { sessions, linesAdded, linesRemoved, commits, pullRequests, toolAccepted, toolRejected } = this
    return { sessions, linesAdded, linesRemoved, commits, pullRequests, toolAccepted, toolRejected, cost: toAmount(this.cost()), models }
  }
}

/**
 * Sums the cached days of [from, to] per actor (a person's e-mail or a key's name; records of the
 * same actor on other terminals or days add up) and for the team. People are sorted by cost,
 * highest first, then by name.
 */
export function buildClaudeCodeReport(org: { id: string; name: string } | null, from: string, to: string, days: readonly ClaudeCodeDay[]): ClaudeCodeReport {
  const people = new Map<string, { type: 'user' | 'api_key'; name: string; sums: Sums }>()
  const total = new Sums()
  let lastFetchedAt: string | null = null
  for (const day of days) {
    if (day.day < from || day.day > to) continue
    if (lastFetchedAt === null || day.refreshedAt > lastFetchedAt) lastFetchedAt = day.refreshedAt
    for (const r of day.records) {
      const id = `${r.actor.type}:${r.actor.name}`
      let p = people.get(id)
      if (!p) people.set(id, (p = { type: r.actor.type, name: r.actor.name, sums: new Sums() }))
      p.sums.add(r)
      total.add(r)
    }
  }
  const rows: Array<ClaudeCodePerson & { micro: bigint }> = [...people.values()].map((p) => ({ actor: p.name, actorType: p.type, ...p.sums.figures(), micro: p.sums.cost() }))
  rows.sort((a, b) => (a.micro === b.micro ? a.actor.localeCompare(b.actor) : a.micro > b.micro ? -1 : 1))
  return {
    orgId: org?.id ?? null,
    orgName: org?.name ?? null,
    from,
    to,
    daysCached: days.filter((d) => d.day >= from && d.day <= to).length,
    daysInRange: Math.max(0, daysBetween(from, to) + 1),
    lastFetchedAt,
    people: rows.map(({ micro: _micro, ...person }) => person),
    total: total.figures(),
  }
}
