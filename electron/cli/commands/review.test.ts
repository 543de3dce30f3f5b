import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ReviewReport } from '../../../shared/contract/review.contract'
import { type TestDemoHost, startDemoHost } from '../../../test/support/demo-host'
import { createAuditLog } from '../../core/platform/audit/audit-log'
import { runCliCommand } from '../cli-run.test-support'
import { EXIT } from '../exit-codes'
import { demoCommand } from './demo'
import { offboardCommand, parseOffboardArgs } from './offboard'
import { parseReviewArgs, reviewCommand } from './review'

let home: string

/** Runs a command as main.ts does, over buffers, with KEYWARD_HOME in a temp directory and no terminal. */
async function run(command: typeof reviewCommand, ...args: string[]) {
  return runCliCommand(command, args, home, { KEYWARD_HOME: home, TZ: 'UTC' })
}

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'keyward-review-cli-'))
})
afterEach(async () => rm(home, { recursive: true, force: true }))

describe('keyward review flags', () => {
  it('parses list, accept, fix and thresholds, and names what is wrong', () => {
    expect(parseReviewArgs(['--org', 'demo', '--json'])).toEqual({ action: 'list', orgId: 'demo', all: false, json: true })
    expect(parseReviewArgs(['accept', 'stale-invite:i1', '--reason', 'rehiring'])).toMatchObject({ action: 'accept', findingId: 'stale-invite:i1', reason: 'rehiring' })
    expect(parseReviewArgs(['fix', 'x:1', '--yes', '--limit', '250.50'])).toMatchObject({ action: 'fix', yes: true, amountCents: '25050' })
    expect(parseReviewArgs(['thresholds', '--unused-days', '60', '--max-admins', '2'])).toEqual({ action: 'thresholds', change: { unusedDays: 60, maxAdmins: 2 }, json: false })
    expect(() => parseReviewArgs(['accept', 'x:1'])).toThrow(/--reason/)
    expect(() => parseReviewArgs(['fix'])).toThrow(/name the finding/)
    expect(() => parseReviewArgs(['thresholds', '--unused-days', '0'])).toThrow(/1 to 3650/)
    expect(() => parseReviewArgs(['delete', 'x'])).toThrow(/unknown review action/)
  })
  it('reads --limit and --suggested-limit as the dashboard reads typed dollars', () => {
    expect(parseReviewArgs(['fix', 'x:1', '--limit', '1,000'])).toMatchObject({ amountCents: '100000' })
    expect(parseReviewArgs(['fix', 'x:1', '--limit', '$1,500.25'])).toMatchObject({ amountCents: '150025' })
    expect(parseReviewArgs(['thresholds', '--suggested-limit', '2,500'])).toMatchObject({ change: { suggestedLimitCents: '250000' } })
    expect(() => parseReviewArgs(['fix', 'x:1', '--limit', '1,00'])).toThrow('--limit: "1,00" has a misplaced comma')
    expect(() => parseReviewArgs(['fix', 'x:1', '--limit', '0.001'])).toThrow('--limit: "0.001" has more than two decimal places')
    expect(() => parseReviewArgs(['fix', 'x:1', '--limit', '0'])).toThrow('--limit: Enter an amount above $0.')
    expect(() => parseReviewArgs(['thresholds', '--suggested-limit', 'lots'])).toThrow('--suggested-limit: "lots" is not an amount in dollars')
  })
  it('offboard takes one email', () => {
    expect(parseOffboardArgs(['ada@example.com', '--dry-run'])).toMatchObject({ email: 'ada@example.com', dryRun: true, yes: false })
    expect(() => parseOffboardArgs([])).toThrow(/by email/)
    expect(() => parseOffboardArgs(['not-an-email'])).toThrow(/not an email address/)
  })
})

describe('keyward review against the demo org', () => {
  let host: TestDemoHost
  beforeEach(async () => {
    host = await startDemoHost(home)
  })
  afterEach(async () => host.stop())

  it('lists findings, accepts one with a reason (audited), and fixes one after --yes', async () => {
    expect((await run(demoCommand)).code).toBe(EXIT.OK)
    const listed = await run(reviewCommand, '--json')
    expect(listed.code).toBe(EXIT.OK)
    const report = JSON.parse(listed.out) as ReviewReport
    const rules = new Set(report.findings.map((f) => f.rule))
    for (const rule of ['departed-creator', 'old-key', 'admin-role', 'stale-invite', 'unbudgeted-workspace', 'default-workspace', 'no-expiry']) expect(rules).toContain(rule)
    expect(report.notes.join(' ')).toMatch(/never synced/)

    const text = await run(reviewCommand)
    expect(text.out).toMatch(/^Acme|open findings \(\d+ high/m)
    expect(text.out).toContain('keyward review fix departed-creator:')

    const invite = report.findings.find((f) => f.rule === 'stale-invite')!
    const accepted = await run(reviewCommand, 'accept', invite.id, '--reason', 'Rehiring them in January')
    expect(accepted.code).toBe(EXIT.OK)
    const after = JSON.parse((await run(reviewCommand, '--json')).out) as ReviewReport
    expect(after.findings.find((f) => f.id === invite.id)?.accepted?.reason).toBe('Rehiring them in January')
    expect((await run(reviewCommand)).out).not.toContain(`id: ${invite.id}`)
    const audit = createAuditLog(home)
    expect((await audit.read()).some((e) => e.event === 'review.accepted' && e.detail?.includes('Rehiring them in January'))).toBe(true)
    await audit.close()

    const departed = report.findings.find((f) => f.rule === 'departed-creator')!
    const refused = await run(reviewCommand, 'fix', departed.id)
    expect(refused.code).toBe(EXIT.USAGE)
    expect(refused.err).toMatch(/add --yes/)
    const fixed = await run(reviewCommand, 'fix', departed.id, '--yes')
    expect(fixed.code).toBe(EXIT.OK)
    expect(fixed.out).toMatch(/Deactivated the key/)

    const unknown = await run(reviewCommand, 'fix', 'stale-invite:nope', '--yes')
    expect(unknown.code).toBe(EXIT.NOT_FOUND)
  }, 60_000)

  it('changes thresholds in the config', async () => {
    const set = await run(reviewCommand, 'thresholds', '--unused-days', '45', '--suggested-limit', '500')
    expect(set.out).toContain('no use for 45 days')
    expect(set.out).toContain('$500.00 per month')
    expect((await run(reviewCommand, 'thresholds')).out).toContain('no use for 45 days')
  })

  it('offboards a person: dry run changes nothing, --yes deactivates their keys then removes them', async () => {
    await run(demoCommand)
    const report = JSON.parse((await run(reviewCommand, '--json')).out) as ReviewReport
    expect(report.findings.length).toBeGreaterThan(0)
    // A developer who created keys that are still active: the demo org's emulator names them.
    const { users, apiKeys } = host.emulator.state
    const leaver = users.find((u) => u.role === 'developer' && apiKeys.some((k) => k.wire.created_by?.id === u.id && k.wire.status === 'active'))!
    expect(leaver).toBeDefined()

    const dry = await run(offboardCommand, leaver.email, '--dry-run')
    expect(dry.code).toBe(EXIT.OK)
    expect(dry.out).toContain(`Keys they created:`)
    expect(dry.out).toContain('[to do] Deactivate the key')
    expect(dry.out).toContain('Dry run: nothing changed.')

    const noTerminal = await run(offboardCommand, leaver.email)
    expect(noTerminal.code).toBe(EXIT.USAGE)

    const done = await run(offboardCommand, leaver.email, '--yes')
    expect(done.code).toBe(EXIT.OK)
    expect(done.out).toContain('[done] Deactivate the key')
    expect(done.out).toContain(`[done] Remove ${leaver.name}`)
    expect(done.out).toContain('is offboarded')
    const audit = createAuditLog(home)
    const lines = await audit.read()
    expect(lines.some((e) => e.event === 'offboard.finished' && e.detail?.includes('complete'))).toBe(true)
    expect(lines.some((e) => e.event === 'admin.action' && e.detail?.includes(`remove user ${leaver.id}`))).toBe(true)
    await audit.close()

    // The change lives in the host's demo org: the emulator shows it, and the next command sees it.
    expect(host.emulator.state.users.some((u) => u.id === leaver.id)).toBe(false)
    expect(host.emulator.state.apiKeys.filter((k) => k.wire.created_by?.id === leaver.id).map((k) => k.wire.status)).not.toContain('active')
    const again = await run(offboardCommand, leaver.email, '--dry-run')
    expect(again.code).toBe(EXIT.OK)
    expect(again.out).toContain(`${leaver.email} is not a member of`)
    expect(again.out).toContain('nothing to do (already offboarded')
  }, 60_000)

  it('offboarding an admin is refused before anything changes, with what to do in the Console; --keys-only deactivates the keys only', async () => {
    await run(demoCommand)
    const admin = host.emulator.state.users.find((u) => u.role === 'admin')!
    const activeKeys = () => host.emulator.state.apiKeys.filter((k) => k.wire.created_by?.id === admin.id && k.wire.status === 'active').length
    const before = activeKeys()
    const refused = await run(offboardCommand, admin.email, '--yes')
    expect(refused.code).not.toBe(EXIT.OK)
    expect(refused.err).toContain('[in the Console] Remove')
    expect(refused.err).toMatch(/nothing was changed: an Admin API key cannot remove a person whose role is admin\. Instead, remove .* in the Claude Console of .*Settings → Members.* add --keys-only/)
    expect(refused.err).not.toMatch(/run the same command again/)
    expect(activeKeys()).toBe(before)
    expect(host.emulator.state.users.some((u) => u.id === admin.id)).toBe(true)

    const keysOnly = await run(offboardCommand, admin.email, '--yes', '--keys-only')
    expect(keysOnly.code).toBe(EXIT.OK)
    expect(keysOnly.out).toContain('Their keys are deactivated. Instead of removing them here: remove')
    expect(activeKeys()).toBe(0)
    expect(host.emulator.state.users.some((u) => u.id === admin.id)).toBe(true)
  }, 60_000)
})

describe('the demo org with no app or daemon serving it', () => {
  it('keyward demo and keyward offboard say in one line how to start one, exit 6, change nothing and audit nothing', async () => {
    const added = await run(demoCommand)
    expect(added.code).toBe(EXIT.UNAVAILABLE)
    expect(added.err.trim().split('\n')).toHaveLength(1)
    expect(added.err).toContain('the demo org lives in the running app or daemon, and none serves it now; start one: keyward daemon --demo (or npm start)')
    expect(added.out).toBe('')

    // A demo org left in the config by a host that has stopped since.
    const host = await startDemoHost(home)
    expect((await run(demoCommand)).code).toBe(EXIT.OK)
    const leaver = host.emulator.state.users.find((u) => u.role === 'developer')!
    await host.stop()
    const offboarded = await run(offboardCommand, leaver.email, '--yes')
    expect(offboarded.code).toBe(EXIT.UNAVAILABLE)
    expect(offboarded.err).toContain('none serves it now; start one: keyward daemon --demo')
    expect(offboarded.out).not.toContain('offboarded')
    const audit = createAuditLog(home)
    expect((await audit.read()).filter((e) => e.event.startsWith('offboard.') || e.event === 'admin.action')).toEqual([])
    await audit.close()
  }, 60_000)
})
