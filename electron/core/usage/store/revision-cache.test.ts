import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { sqlite } from './sqlite-module'
import { commitRows } from './store.test-support'
import { usageDbPath } from './usage-db'
import { createUsageStore, type UsageStore } from './usage-store'

let dir: string
let store: UsageStore
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'keyward-revision-'))
  store = createUsageStore(dir)
})
afterEach(() => {
  store.close()
  rmSync(dir, { recursive: true, force: true })
})

const HOUR = Date.parse('2026-09-01T00:00:00Z') / 3_600_000
const window = { kind: 'daily' as const, fromHour: HOUR, toHour: HOUR + 24, rows: [] }

it("sees a revision bumped by this store's commits, by another connection and after a reopen", () => {
  commitRows(store, 'org_a', { orgName: 'A', add: [window] })
  const first = store.revision('org_a')!
  expect(store.revision('org_a')).toBe(first)
  expect(store.revision('org_b')).toBeNull()
  commitRows(store, 'org_a', { orgName: 'A', add: [window] })
  expect(store.revision('org_a')).toBeGreaterThan(first)
  const afterOwn = store.revision('org_a')!
  // Another process's write (another connection) is seen too.
  const other = new (sqlite().DatabaseSync)(usageDbPath(dir))
  other.exec("UPDATE orgs SET revision = revision + 5 WHERE org_id = 'org_a'")
  other.close()
  expect(store.revision('org_a')).toBe(afterOwn + 5)
  store.close()
  store = createUsageStore(dir)
  expect(store.revision('org_a')).toBe(afterOwn + 5)
})
