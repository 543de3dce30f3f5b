import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addDays, utcDateOf } from '../../../shared/calendar'
import { fromAmount } from '../../../shared/money'
import { type TestDemoHost, startDemoHost } from '../../../test/support/demo-host'
import { runCliCommand } from '../cli-run.test-support'
import { EXIT } from '../exit-codes'
import { claudeCommand } from './claude'
import { demoCommand } from './demo'
import { syncCommand } from './sync'

let home: string
let host: TestDemoHost

const run = (command: typeof syncCommand, args: string[]) => runCliCommand(command, args, home, { KEYWARD_HOME: home, TZ: 'UTC' })

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'keyward-claude-report-'))
  host = await startDemoHost(home)
}, 60_000)
afterAll(async () => {
  await host?.stop()
  await rm(home, { recursive: true, force: true })
})

describe('keyward claude report over the demo org', { timeout: 180_000 }, () => {
  it('prints, after keyward sync, the documented JSON with the figures of the endpoint’s own records', async () => {
    // Whole UTC days ending two days ago, so they are complete at the sync and at the raw fetch even across a midnight.
    const to = addDays(utcDateOf(Date.now()), -2)
    const from = addDays(to, -6)
    expect((await run(demoCommand, [])).code).toBe(EXIT.OK)
    expect((await run(syncCommand, [])).code).toBe(EXIT.OK)
    const result = await run(claudeCommand, ['report', '--from', from, '--to', to, '--json'])
    expect(result.code).toBe(EXIT.OK)
    const json = JSON.parse(result.out) as { from: string; to: string; people: Array<Record<string, unknown>> }
    expect(Object.keys(json)).toEqual(['from', 'to', 'people'])
    expect([json.from, json.to]).toEqual([from, to])
    expect(json.people.length).toBeGreaterThan(0)
    for (const p of json.people) {
      expect(Object.keys(p)).toEqual(['actor', 'sessions', 'linesAdded', 'linesRemoved', 'commits', 'pullRequests', 'toolAccepted', 'toolRejected', 'cost'])
      expect(p.cost).toMatch(/^\d+(\.\d+)?$/)
    }
    // The same days, straight from the endpoint.
    const sessions = new Map<string, number>()
    const micro = new Map<string, bigint>()
    for (let day = from; day <= to; day = addDays(day, 1)) {
      const response = await fetch(`${host.emulator.baseURL}/v1/organizations/usage_report/claude_code?starting_at=${day}&limit=1000`, { headers: { 'x-api-key': host.emulator.adminKey } })
      const body = (await response.json()) as {
        data: Array<{ actor: { email_address?: string; api_key_name?: string }; core_metrics: { num_sessions: number }; model_breakdown: Array<{ estimated_cost: { amount: number } }> }>
      }
      for (const r of body.data) {
        const actor = r.actor.email_address ?? r.actor.api_key_name ?? '?'
        sessions.set(actor, (sessions.get(actor) ?? 0) + r.core_metrics.num_sessions)
        micro.set(actor, (micro.get(actor) ?? 0n) + r.model_breakdown.reduce((n, m) => n + BigInt(Math.round(m.estimated_cost.amount * 1e6)), 0n))
      }
    }
    expect(new Map(json.people.map((p) => [p.actor as string, p.sessions as number]))).toEqual(sessions)
    expect(new Map(json.people.map((p) => [p.actor as string, fromAmount(p.cost as string)]))).toEqual(micro)
    const text = await run(claudeCommand, ['report', '--from', from, '--to', to])
    expect(text.out).toMatch(new RegExp(`Claude Code, UTC days ${from} to ${to} \\(7 of 7 days synced\\)`))
    expect(text.out).toMatch(/^Total\s+\d/m)
  })
})
