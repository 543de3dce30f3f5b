import { describe, expect, it } from 'vitest'
import { planClaudeCodeDays } from './claude-code-plan'

const NOW = Date.parse('2026-11-05T12:00:00Z') // October is still open (through November 8)

describe('planClaudeCodeDays', () => {
  it('fetches all 90 days on the first sync, newest first', () => {
    const days = planClaudeCodeDays(new Map(), NOW)
    expect(days).toHaveLength(90)
    expect(days[0]).toBe('2026-11-05')
    expect(days.at(-1)).toBe('2026-08-08')
  })
  it('refetches open days once a day, incomplete ones hourly, closed ones once after they closed', () => {
    const fetched = new Map<string, string>()
    for (const day of planClaudeCodeDays(new Map(), NOW)) fetched.set(day, '2026-11-05T11:30:00Z')
    // Half an hour later: nothing is stale yet.
    expect(planClaudeCodeDays(fetched, NOW)).toEqual([])
    // Two hours later: only today (fetched before it ended) is.
    expect(planClaudeCodeDays(fetched, NOW + 2 * 3_600_000)).toEqual(['2026-11-05'])
    // A day later: every day of November and October (open through the 8th), today included.
    const dayLater = planClaudeCodeDays(fetched, NOW + 24 * 3_600_000)
    expect(dayLater[0]).toBe('2026-11-06')
    expect(dayLater).toContain('2026-10-01')
    expect(dayLater).not.toContain('2026-09-30')
    // After October closed: October's days once more (their fetch predates the close), then never.
    const afterClose = Date.parse('2026-11-09T01:00:00Z')
    const refreshed = new Map(fetched)
    for (const day of planClaudeCodeDays(refreshed, afterClose)) refreshed.set(day, new Date(afterClose).toISOString())
    expect(planClaudeCodeDays(fetched, afterClose)).toContain('2026-10-15')
    expect(planClaudeCodeDays(refreshed, afterClose + 30 * 24 * 3_600_000).filter((d) => d.startsWith('2026-10'))).toEqual([])
  })
})
