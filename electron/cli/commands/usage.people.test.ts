import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { fromAmount, parseCents } from '../../../shared/money'
import { startSyncedUsageKitForFile } from '../../core/usage/synced-usage-kit.test-support'
import { createCliContext } from '../cli-context'
import type { CliIO } from '../io'
import { parseUsageArgs, runUsage } from './usage'

const NOW = new Date('2026-05-31T22:10:00Z')
const kit = startSyncedUsageKitForFile({ seed: 5, keys: 30, days: 40 }, NOW)

async function usage(args: string[]): Promise<{ code: number; out: string }> {
  const out: string[] = []
  const io: CliIO = { stdout: { write: (t: string) => out.push(t) }, stderr: { write: () => true }, stdin: new PassThrough(), env: { KEYWARD_HOME: kit().dataDir, TZ: 'UTC' }, cwd: kit().dataDir }
  const cli = createCliContext(io)
  try {
    const code = await runUsage(parseUsageArgs(args, io.env, NOW), io, { queries: await cli.usageQueries() })
    return { code, out: out.join('') }
  } finally {
    await cli.close()
  }
}

describe('keyward usage --by user|product', { timeout: 30_000 }, () => {
  it('groups by the actor’s tagged id with the person’s label, federated and unattributed apart, totals as the API reports', async () => {
    const { code, out } = await usage(['--by', 'user', '--from', '2026-05-01', '--to', '2026-05-31', '--org', 'emu', '--json'])
    expect(code).toBe(0)
    const json = JSON.parse(out) as {
      coveredFrom: string
      coveredTo: string
      total: { cost: string }
      groups: Array<{ id: string; label: string; kind: string; totals: { cost: string; totalTokens: number } }>
    }
    const user = kit().emulator.state.users.find((u) => json.groups.some((g) => g.id === u.id))!
    expect(json.groups.find((g) => g.id === user.id)?.label).toBe(user.name)
    expect(json.groups.some((g) => /^svac_01/.test(g.id))).toBe(true)
    expect(json.groups.some((g) => /^apikey_01/.test(g.id))).toBe(true)
    expect(json.groups.filter((g) => g.id.startsWith('~federated:')).length).toBe(2)
    expect(json.groups.find((g) => g.id === '~unattributed')?.kind).toBe('unattributed')
    expect(json.groups.some((g) => g.label.endsWith('(account deleted)'))).toBe(true)
    for (const g of json.groups.filter((x) => /^(user|svac|apikey)_/.test(x.id))) {
      const truth = kit().emulator.totals({ startingAt: json.coveredFrom, endingAt: json.coveredTo, actors: [g.id] })
      expect(fromAmount(g.totals.cost)).toBe(parseCents(truth.amount))
      expect(g.totals.totalTokens).toBe(truth.totalTokens)
    }
    expect(fromAmount(json.total.cost)).toBe(parseCents(kit().emulator.totals({ startingAt: json.coveredFrom, endingAt: json.coveredTo }).amount))
  })

  it('prints a table by product', async () => {
    const { code, out } = await usage(['--by', 'product', '--from', '2026-05-01', '--to', '2026-05-31', '--org', 'emu'])
    expect(code).toBe(0)
    expect(out).toMatch(/Claude Code\s+\$/)
    expect(out).toMatch(/API \(Messages\)\s+\$/)
    expect(out).toMatch(/Total\s+\$/)
  })
})
