import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSyncService } from '../sync-service'
import { type UsageTestKit, startUsageTestKit } from '../usage.test-support'
import { createClaudeCodeService } from './claude-code-service'
import { createSqliteClaudeCodeStore } from './claude-code-sqlite-store'
import { createUsageStore, type UsageStore } from '../store/usage-store'

const NOW = new Date('2026-11-20T15:30:00Z')
let kit: UsageTestKit

/** The Claude Code report in the usage database of `usage` (a connection of its own per store, as in another process). */
const dbStore = (usage: UsageStore) => createSqliteClaudeCodeStore({ read: () => usage.db(), write: () => usage.writeDb() })

beforeAll(async () => {
  kit = await startUsageTestKit({ emulator: { seed: 5, keys: 10, people: 5, days: 20, now: () => NOW }, now: () => NOW })
}, 60_000)
afterAll(async () => kit?.close())

describe('the usage sync runs the Claude Code step after its windows', () => {
  it('fills the database on a sync, and refetches only what is stale on the next', async () => {
    const service = createClaudeCodeService({ store: dbStore(kit.store), orgs: async () => [kit.org] })
    const sync = createSyncService({ store: kit.store, orgs: kit.orgs, now: () => NOW, maxRetries: 0, afterWindows: (client, org, now) => service.sync(client, org, now) })
    const [status] = await sync.syncNow()
    expect(status?.lastError).toBeNull()
    const claudeCodeRequests = (): number => kit.requests.filter((r) => r.path === '/v1/organizations/usage_report/claude_code').length
    expect(claudeCodeRequests()).toBe(90)
    const report = await service.report({ from: '2026-11-01', to: '2026-11-20' })
    expect(report.daysCached).toBe(20)
    expect(report.people.length).toBeGreaterThan(0)
    expect(report.total.sessions).toBeGreaterThan(0)
    // A second sync at the same instant: nothing is stale.
    await sync.syncNow()
    expect(claudeCodeRequests()).toBe(90)
    // A reader over the same data directory sees the same figures (the database round-trips exactly).
    const reader = createUsageStore(kit.dataDir)
    const again = createClaudeCodeService({ store: dbStore(reader), orgs: async () => [kit.org] })
    expect(await again.report({ from: '2026-11-01', to: '2026-11-20' })).toEqual(report)
    reader.close()
  })
})

describe('an org whose Admin API does not offer the Claude Code report', () => {
  it('syncs its usage as before, with no Claude Code figures; a server error still fails the sync, naming the endpoint', async () => {
    const service = createClaudeCodeService({ store: dbStore(createUsageStore(`${kit.dataDir}/absent`)), orgs: async () => [kit.org] })
    const sync = createSyncService({ store: kit.store, orgs: kit.orgs, now: () => NOW, maxRetries: 0, afterWindows: (client, org, now) => service.sync(client, org, now) })
    kit.emulator.faults.set('GET /v1/organizations/usage_report/claude_code', { kind: 'error', type: 'not_found_error', times: 1 })
    const [ok] = await sync.syncNow()
    expect(ok?.lastError).toBeNull()
    expect((await service.report({ from: '2026-11-01', to: '2026-11-20' })).daysCached).toBe(0)
    kit.emulator.faults.set('GET /v1/organizations/usage_report/claude_code', { kind: 'malformed', times: 1 })
    const [failed] = await sync.syncNow()
    expect(failed?.state).toBe('failed')
    expect(failed?.lastError?.message).toMatch(/Claude Code report \(\/v1\/organizations\/usage_report\/claude_code\) sent a page that is not valid JSON/)
    expect((await service.report({ from: '2026-11-01', to: '2026-11-20' })).daysCached).toBe(0)
  })
})
