import { appendFile, mkdtemp, readFile, rename, symlink, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { AuditPage, AuditRow } from '../../../../shared/contract/audit.contract'
import { AUDIT_FILE, type AuditLog, createAuditLog } from './audit-log'

const KEY = `sk-ant-api03-${'Q'.repeat(86)}AA`

async function freshLog(): Promise<{ dir: string; path: string; log: AuditLog; at: (iso: string) => void }> {
  const dir = await mkdtemp(join(tmpdir(), 'keyward-audit-page-'))
  let clock = new Date('2026-03-01T12:00:00.000Z')
  const log = createAuditLog(dir, () => clock)
  return { dir, path: join(dir, AUDIT_FILE), log, at: (iso) => (clock = new Date(iso)) }
}

const line = (entry: Record<string, unknown>): string => `${JSON.stringify(entry)}\n`
const described = (rows: AuditRow[]): string[] => rows.map((r) => (r.kind === 'entry' ? `${r.entry.event}:${r.entry.profile ?? ''}` : `unreadable ${r.line} ${r.reason}`))

async function everything(log: AuditLog, request: Omit<Parameters<AuditLog['page']>[0], 'cursor'>): Promise<{ rows: AuditRow[]; pages: AuditPage[] }> {
  const pages: AuditPage[] = []
  let cursor: string | undefined
  do {
    const page = await log.page({ ...request, cursor })
    pages.push(page)
    cursor = page.nextCursor ?? undefined
  } while (cursor !== undefined)
  return { rows: pages.flatMap((p) => p.rows), pages }
}

describe('audit log pages', () => {
  it('lists torn and foreign lines as unreadable rows with their line numbers, and everything else around them', async () => {
    const { path, log } = await freshLog()
    await writeFile(
      path,
      [
        line({ time: '2026-03-01T10:00:00.000Z', event: 'profile.added', profile: 'a' }),
        '{"time":"2026-03-01T10:00:01.000Z","event":"key.ser\n', // torn by a crash
        line({ hello: 'from another program' }), // JSON, but not an entry
        'plain text someone appended\n',
        line({ time: '2026-03-01T10:00:02.000Z', event: 'key.served', profile: 'a', pid: 42, executable: '/usr/bin/node', processDirectory: '/p' }),
        '{"time":"2026-03-01T10:00:03.000Z","event":"key.se', // the last line, torn (no newline)
      ].join(''),
    )
    const page = await log.page({ limit: 50 })
    expect(described(page.rows)).toEqual(['unreadable 6 torn', 'key.served:a', 'unreadable 4 torn', 'unreadable 3 foreign', 'unreadable 2 torn', 'profile.added:a'])
    expect(page.nextCursor).toBeNull()
    expect(page.rows[1]).toMatchObject({ kind: 'entry', entry: { pid: 42, executable: '/usr/bin/node', processDirectory: '/p' } })
    expect(page.rows[0]).toMatchObject({ excerpt: '{"time":"2026-03-01T10:00:03.000Z","event":"key.se' })
    // The old read still skips them, and appending after a torn last line starts a new line.
    await log.append({ event: 'default.set', profile: 'b' })
    expect((await log.read()).map((e) => e.event)).toEqual(['default.set', 'key.served', 'profile.added'])
    expect(described((await log.page({ limit: 2 })).rows)).toEqual(['default.set:b', 'unreadable 6 torn'])
  })

  it('never shows a key in an excerpt: not a whole one, not the tail of one torn off its prefix, not an escape sequence', async () => {
    const { path, log } = await freshLog()
    await writeFile(path, `not json ${KEY} trailing\n${KEY.slice(20)}\n{"time":"x","event":"\u001b]8;;evil\u0007link\n`)
    const rows = (await log.page({ limit: 10 })).rows
    expect(rows).toHaveLength(3)
    const text = JSON.stringify(rows)
    expect(text).not.toContain('QQQQQQQQ')
    expect(text).not.toContain('\u001b')
    expect(rows.map((r) => (r.kind === 'unreadable' ? r.excerpt : ''))).toEqual(['{"time":"x","event":"\\x1b]8;;evil\\x07link', '[redacted]', 'not json sk-ant-[redacted] trailing'])
    for (const r of rows) if (r.kind === 'unreadable') expect(r.excerpt.length).toBeLessThanOrEqual(81)
  })

  it('reports a line far longer than any entry as oversized (reading only its head), and lists the lines around it', async () => {
    const { path, log } = await freshLog()
    await writeFile(
      path,
      `${line({ time: '2026-03-01T10:00:00.000Z', event: 'profile.added', profile: 'a' })}${'ab/'.repeat(100_000)}\n${line({ time: '2026-03-01T10:00:01.000Z', event: 'profile.removed', profile: 'a' })}`,
    )
    const rows = (await log.page({ limit: 10 })).rows
    expect(described(rows)).toEqual(['profile.removed:a', 'unreadable 2 oversized', 'profile.added:a'])
    expect(rows[1]).toMatchObject({ excerpt: `${'ab/'.repeat(27).slice(0, 80)}…` })
  })

  it('filters by profile and by event type', async () => {
    const { log } = await freshLog()
    await log.append({ event: 'key.served', profile: 'a' })
    await log.append({ event: 'key.denied', profile: 'b' })
    await log.append({ event: 'key.served', profile: 'b' })
    await log.append({ event: 'guard.tampered' })
    expect(described((await log.page({ limit: 10, profile: 'b' })).rows)).toEqual(['key.served:b', 'key.denied:b'])
    expect(described((await log.page({ limit: 10, event: 'key.served' })).rows)).toEqual(['key.served:b', 'key.served:a'])
    expect(described((await log.page({ limit: 10, event: 'key.served', profile: 'a' })).rows)).toEqual(['key.served:a'])
    expect(described((await log.page({ limit: 10, event: 'guard.tampered' })).rows)).toEqual(['guard.tampered:'])
  })

  it('takes "since" as a calendar day in the given time zone, not UTC and not the machine zone', async () => {
    const { log, at } = await freshLog()
    // New York is UTC-5 in February: 04:59Z on March 1 is still February 28 there.
    at('2026-03-01T04:59:59.000Z')
    await log.append({ event: 'profile.added', profile: 'late-feb' })
    at('2026-03-01T05:00:00.000Z')
    await log.append({ event: 'profile.added', profile: 'march' })
    expect(described((await log.page({ limit: 10, since: '2026-03-01', timeZone: 'America/New_York' })).rows)).toEqual(['profile.added:march'])
    expect(described((await log.page({ limit: 10, since: '2026-03-01', timeZone: 'UTC' })).rows)).toEqual(['profile.added:march', 'profile.added:late-feb'])
    expect(described((await log.page({ limit: 10, since: '2026-03-01', timeZone: 'Asia/Tokyo' })).rows)).toEqual(['profile.added:march', 'profile.added:late-feb'])
  })

  it('refuses an impossible date and an unknown time zone with what to type instead', async () => {
    const { log } = await freshLog()
    await log.append({ event: 'profile.added', profile: 'a' })
    for (const since of ['2026-13-01', '2026-02-30', '2026-2-1', 'yesterday']) {
      await expect(log.page({ limit: 10, since, timeZone: 'UTC' })).rejects.toMatchObject({
        code: 'INVALID_INPUT',
        message: expect.stringMatching(/is not a valid date; give a real calendar day as YYYY-MM-DD/),
      })
    }
    await expect(log.page({ limit: 10, since: '2026-03-01', timeZone: 'Mars/Olympus' })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('is not a time zone') })
  })

  it('stops at the first entry well before "since" instead of reading the older log', async () => {
    const { path, log } = await freshLog()
    // An old, unreadable stretch: a scan that went past the since-boundary would report it.
    await writeFile(
      path,
      `garbage from last year\n${line({ time: '2025-01-01T00:00:00.000Z', event: 'profile.added', profile: 'old' })}${line({ time: '2026-03-02T00:00:00.000Z', event: 'profile.added', profile: 'new' })}`,
    )
    const page = await log.page({ limit: 10, since: '2026-03-01', timeZone: 'UTC' })
    expect(described(page.rows)).toEqual(['profile.added:new'])
    expect(page.nextCursor).toBeNull()
  })

  it('pages newest first through a log many chunks long: every entry once, in order, unshifted by appends between pages', async () => {
    const { log, at } = await freshLog()
    for (let i = 0; i < 2500; i++) {
      at(new Date(Date.UTC(2026, 2, 1) + i * 1000).toISOString())
      void log.append({ event: 'key.served', profile: `p${i}`, directory: `/work/project-${i}/${'d'.repeat(i % 97)}` })
    }
    await log.read({ limit: 1 })
    const first = await log.page({ limit: 1000 })
    await log.append({ event: 'profile.added', profile: 'after' })
    let cursor = first.nextCursor
    const rows = [...first.rows]
    while (cursor) {
      const page = await log.page({ limit: 1000, cursor })
      rows.push(...page.rows)
      cursor = page.nextCursor
    }
    expect(rows.map((r) => (r.kind === 'entry' ? r.entry.profile : 'x'))).toEqual(Array.from({ length: 2500 }, (_, i) => `p${2499 - i}`))
    expect(new Set(rows.map((r) => r.offset)).size).toBe(2500)
    const filtered = await everything(log, { limit: 7, event: 'key.served', profile: 'p3' })
    expect(described(filtered.rows)).toEqual(['key.served:p3'])
    expect((await log.read({ limit: 5000 })).length).toBe(2501)
  })

  it('stops a page after scanning 16 MiB without a match and goes on from its cursor', async () => {
    const { path, log } = await freshLog()
    const filler = line({ time: '2026-03-01T10:00:01.000Z', event: 'key.served', profile: 'a', directory: `/${'d'.repeat(4000)}` })
    await writeFile(path, line({ time: '2026-03-01T10:00:00.000Z', event: 'key.served', profile: 'b' }) + filler.repeat(Math.ceil((17 * 1024 * 1024) / filler.length)))
    const first = await log.page({ limit: 10, profile: 'b' })
    expect(first.rows).toEqual([])
    expect(first.nextCursor).not.toBeNull()
    const second = await log.page({ limit: 10, profile: 'b', cursor: first.nextCursor! })
    expect(described(second.rows)).toEqual(['key.served:b'])
    expect(second.nextCursor).toBeNull()
  })

  it('reads the newest page of a log far larger than the old 256 MiB whole-file cap without loading it', async () => {
    const { path, log } = await freshLog()
    // A sparse 300 MiB stretch (no disk used), then entries: only the end is read.
    await writeFile(path, '')
    await truncate(path, 300 * 1024 * 1024)
    await appendFile(path, `\n${line({ time: '2026-03-01T10:00:00.000Z', event: 'profile.added', profile: 'a' })}${line({ time: '2026-03-01T10:00:01.000Z', event: 'default.set', profile: 'a' })}`)
    const page = await log.page({ limit: 2 })
    expect(described(page.rows)).toEqual(['default.set:a', 'profile.added:a'])
    expect(page.nextCursor).toMatch(/^a1\./)
    await writeFile(path, '')
  })

  it('refuses a cursor from a log that was replaced or shortened, and one it never gave out', async () => {
    const { dir, path, log } = await freshLog()
    for (let i = 0; i < 5; i++) await log.append({ event: 'profile.added', profile: `p${i}` })
    const page = await log.page({ limit: 2 })
    expect(page.nextCursor).not.toBeNull()
    await writeFile(join(dir, 'other.jsonl'), await readFile(path))
    await rename(join(dir, 'other.jsonl'), path)
    await expect(log.page({ limit: 2, cursor: page.nextCursor! })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('reload the list') })
    const again = await log.page({ limit: 2 })
    await truncate(path, 10)
    await expect(log.page({ limit: 2, cursor: again.nextCursor! })).rejects.toMatchObject({ code: 'CONFLICT' })
    await expect(log.page({ limit: 2, cursor: '../../etc/passwd' })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('leave it out') })
  })

  it('never reads through a planted link, and leaves its target alone', async () => {
    const { dir, path, log } = await freshLog()
    const target = join(dir, 'secret.txt')
    await writeFile(target, line({ time: '2026-03-01T10:00:00.000Z', event: 'profile.added', profile: 'stolen' }))
    await symlink(target, path)
    await expect(log.page({ limit: 10 })).rejects.toMatchObject({ code: 'INTERNAL', message: expect.stringContaining('is a symbolic link') })
    expect(await readFile(target, 'utf8')).toContain('stolen')
  })

  it('answers an empty page for a missing log', async () => {
    const { log } = await freshLog()
    expect(await log.page({ limit: 10 })).toEqual({ rows: [], nextCursor: null })
  })
})
