import { appendFile, mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AUDIT_FILE, createAuditLog } from '../../core/platform/audit/audit-log'
import { runCliCommand } from '../cli-run.test-support'
import { EXIT } from '../exit-codes'
import { auditCommand, parseAuditArgs } from './audit'

async function loggedHome(): Promise<string> {
  const home = await mkdtemp(join(tmpdir(), 'keyward-audit-cli-'))
  let t = Date.UTC(2026, 1, 28, 23, 30)
  const log = createAuditLog(home, () => new Date((t += 60_000)))
  await log.append({ event: 'profile.added', profile: 'acme' })
  await log.append({
    event: 'key.served',
    profile: 'acme',
    directory: '/src/acme,inc',
    agent: '=HYPERLINK("http://evil")',
    transport: 'socket',
    pid: 4242,
    executable: '/usr/bin/node',
    processDirectory: '/src/acme,inc',
  })
  await log.append({ event: 'key.denied', profile: 'beta', directory: '/src/beta', agent: '\u001b[2Jcurl', detail: 'guarded profile, no approver' })
  await log.close()
  await appendFile(join(home, AUDIT_FILE), '{"time":"2026-03-0')
  return home
}

/** Runs `keyward audit ARGS` the way main.ts does, over buffers, in a fixed time zone. */
async function audit(home: string, args: string[], env: NodeJS.ProcessEnv = { TZ: 'Europe/Berlin' }) {
  return runCliCommand(auditCommand, args, home, { KEYWARD_HOME: home, ...env })
}

describe('keyward audit', () => {
  it('lists newest first in the user time zone, with the real caller, the torn line as unreadable and no terminal escapes', async () => {
    const home = await loggedHome()
    const { code, out, err } = await audit(home, [])
    expect(code).toBe(EXIT.OK)
    const lines = out.trimEnd().split('\n')
    expect(lines[0]).toBe('Newest first; times in Europe/Berlin.')
    expect(lines[1]).toBe('unreadable line 4 (torn): {"time":"2026-03-0')
    expect(lines[2]).toMatch(/^2026-03-01 00:33:00 {2}key\.denied +beta {2}\/src\/beta {2}tool \\x1b\[2Jcurl {2}guarded profile/)
    expect(lines[3]).toBe('2026-03-01 00:32:00  key.served         acme  /src/acme,inc  tool =HYPERLINK("http://evil")  caller /usr/bin/node (pid 4242)')
    expect(lines[4]).toMatch(/^2026-03-01 00:31:00 {2}profile\.added/)
    expect(out).not.toContain('\u001b')
    expect(err).toContain('could not be read')
  })

  it('shows what an admin action was about by name with its id, and keeps the target in JSON', async () => {
    const home = await mkdtemp(join(tmpdir(), 'keyward-audit-cli-'))
    const log = createAuditLog(home, () => new Date(Date.UTC(2026, 2, 1, 12)))
    await log.append({ event: 'admin.action', profile: 'acme-admin', detail: 'Acme: set API key apikey_01 inactive', target: { kind: 'apiKey', id: 'apikey_01', name: 'ci-deploy' } })
    await log.close()
    const { out } = await audit(home, [], { TZ: 'UTC' })
    expect(out).toContain('admin.action       acme-admin  key ci-deploy apikey_01  Acme: set API key apikey_01 inactive')
    const json = JSON.parse((await audit(home, ['--json'], { TZ: 'UTC' })).out) as Array<Record<string, unknown>>
    expect(json[0]).toMatchObject({ target: { kind: 'apiKey', id: 'apikey_01', name: 'ci-deploy' } })
  })

  it('filters by a day in the user time zone, by profile and by event', async () => {
    const home = await loggedHome()
    // 23:31Z on Feb 28 is already March 1 in Berlin but still Feb 28 in New York.
    expect((await audit(home, ['--since', '2026-03-01', '--json'])).out).toContain('profile.added')
    const ny = JSON.parse((await audit(home, ['--since', '2026-03-01', '--json'], { TZ: 'America/New_York' })).out) as unknown[]
    expect(ny).toEqual([{ unreadable: true, line: 4, reason: 'torn', excerpt: '{"time":"2026-03-0' }])
    const served = JSON.parse((await audit(home, ['--event', 'key.served', '--profile', 'acme', '--json'])).out) as Array<Record<string, unknown>>
    expect(served.filter((r) => !r.unreadable)).toEqual([expect.objectContaining({ event: 'key.served', pid: 4242, executable: '/usr/bin/node', processDirectory: '/src/acme,inc' })])
  })

  it('exports CSV with RFC 4180 quoting and formula cells defused', async () => {
    const { code, out } = await audit(await loggedHome(), ['--csv'])
    expect(code).toBe(EXIT.OK)
    const records = out.split('\r\n')
    expect(records[0]).toBe('time,event,profile,directory,agent,transport,pid,executable,processDirectory,requester,host,targetKind,targetId,targetName,detail,line')
    expect(records[3]).toBe(`2026-02-28T23:32:00.000Z,key.served,acme,"/src/acme,inc","'=HYPERLINK(""http://evil"")",socket,4242,/usr/bin/node,"/src/acme,inc",,,,,,,`)
    expect(records).toHaveLength(6)
  })

  it('refuses an impossible date, an unknown event, a bad zone and two formats, with exit code 2 and what to do', async () => {
    const home = await loggedHome()
    const cases: Array<[string[], RegExp]> = [
      [['--since', '2026-13-01'], /--since "2026-13-01" is not a valid date; give a real calendar day as YYYY-MM-DD \(in your time zone, Europe\/Berlin\)/],
      [['--since', '2026-02-29'], /is not a valid date/],
      [['--event', 'key.stolen'], /--event "key\.stolen" is not an audit event; use one of: key\.served, /],
      [['--tz', 'Mars/Base'], /--tz "Mars\/Base" is not a time zone/],
      [['--json', '--csv'], /cannot be combined/],
      [['--limit', '0'], /--limit "0" is not a count/],
    ]
    for (const [args, message] of cases) {
      const { code, out, err } = await audit(home, args)
      expect(code, args.join(' ')).toBe(EXIT.USAGE)
      expect(err).toMatch(message)
      expect(out).toBe('')
    }
  })

  it('pages through a long log for --json and stops at --limit for the table', async () => {
    const home = await mkdtemp(join(tmpdir(), 'keyward-audit-cli-'))
    const log = createAuditLog(home, () => new Date('2026-03-01T12:00:00Z'))
    await Promise.all(Array.from({ length: 2300 }, (_, i) => log.append({ event: 'key.served', profile: `p${i}` })))
    expect(JSON.parse((await audit(home, ['--json'])).out)).toHaveLength(2300)
    const table = (await audit(home, ['--limit', '3'])).out.trimEnd().split('\n')
    expect(table.slice(1, 4).map((l) => l.split(/\s+/)[3])).toEqual(['p2299', 'p2298', 'p2297'])
    expect(table[4]).toMatch(/more entries/)
    expect(parseAuditArgs([], {}).limit).toBe(200)
    expect(parseAuditArgs(['--csv'], {}).limit).toBeUndefined()
  })
})
