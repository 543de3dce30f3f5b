import { mkdtemp, readFile, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createAuditLog } from './audit-log'

describe('audit log', () => {
  it('appends JSON lines (0600 in a 0700 dir) and reads the newest first', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'keyward-audit-')), 'data')
    let t = 0
    const log = createAuditLog(dir, () => new Date(Date.UTC(2025, 0, 1, 0, 0, t++)))
    await log.append({ event: 'profile.added', profile: 'acme' })
    await log.append({ event: 'key.served', profile: 'acme', directory: '/p', agent: 'claude-code_2_harness', transport: 'socket' })
    expect((await stat(dir)).mode & 0o777).toBe(0o700)
    expect((await stat(join(dir, 'audit.jsonl'))).mode & 0o777).toBe(0o600)
    expect(await log.read({ limit: 10 })).toEqual([
      { time: '2025-01-01T00:00:01.000Z', event: 'key.served', profile: 'acme', directory: '/p', agent: 'claude-code_2_harness', transport: 'socket' },
      { time: '2025-01-01T00:00:00.000Z', event: 'profile.added', profile: 'acme' },
    ])
    expect(await log.read({ limit: 1 })).toHaveLength(1)
  })

  it('never writes anything key-shaped, even from an agent string', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keyward-audit-'))
    const log = createAuditLog(dir)
    await log.append({ event: 'key.served', agent: 'evil sk-ant-api03-LEAKLEAKLEAKLEAK', detail: 'sk-ant-admin01-LEAKLEAKLEAKLEAK' })
    expect(await readFile(join(dir, 'audit.jsonl'), 'utf8')).not.toContain('LEAK')
  })

  it('reads nothing from a missing log and skips torn lines', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keyward-audit-'))
    const log = createAuditLog(dir)
    expect(await log.read()).toEqual([])
    await log.append({ event: 'default.set', profile: 'a' })
    const { appendFile } = await import('node:fs/promises')
    await appendFile(join(dir, 'audit.jsonl'), '{"time":"x","ev')
    expect(await log.read()).toHaveLength(1)
  })
})

describe('audit log: group commit', () => {
  it('keeps every entry of a burst, in the order appended, as whole lines', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keyward-audit-'))
    const log = createAuditLog(dir)
    await Promise.all(Array.from({ length: 500 }, (_, i) => log.append({ event: 'key.served', profile: 'p', detail: `n${i}` })))
    // A second burst while nothing is in flight, and one more entry that must come last.
    await Promise.all(Array.from({ length: 50 }, (_, i) => log.append({ event: 'key.served', profile: 'p', detail: `n${500 + i}` })))
    await log.append({ event: 'default.set', detail: 'last' })
    const lines = (await readFile(join(dir, 'audit.jsonl'), 'utf8')).split('\n')
    expect(lines.pop()).toBe('')
    expect(lines.map((l) => (JSON.parse(l) as { detail: string }).detail)).toEqual([...Array.from({ length: 550 }, (_, i) => `n${i}`), 'last'])
    await log.close()
  })

  it('fails every append of a batch it cannot write, and the next batch writes again', async () => {
    const base = await mkdtemp(join(tmpdir(), 'keyward-audit-'))
    const dir = join(base, 'data')
    const log = createAuditLog(dir)
    await log.append({ event: 'default.set', detail: 'before' })
    await log.close()
    // The log's path becomes a directory: opening it for appending fails (EISDIR).
    const { rename, mkdir } = await import('node:fs/promises')
    await rename(join(dir, 'audit.jsonl'), join(base, 'saved.jsonl'))
    await mkdir(join(dir, 'audit.jsonl'))
    const results = await Promise.allSettled([1, 2, 3].map((i) => log.append({ event: 'key.served', detail: `b${i}` })))
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected'])
    for (const r of results) expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'INTERNAL', message: expect.stringContaining('could not write the audit log') })
    const { rmdir } = await import('node:fs/promises')
    await rmdir(join(dir, 'audit.jsonl'))
    await rename(join(base, 'saved.jsonl'), join(dir, 'audit.jsonl'))
    await log.append({ event: 'default.set', detail: 'after' })
    expect((await log.read()).map((e) => e.detail)).toEqual(['after', 'before'])
  })

  it('does not glue a new line to a torn last line, and reads past it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keyward-audit-'))
    const log = createAuditLog(dir)
    await log.append({ event: 'default.set', detail: 'one' })
    await log.close()
    const { appendFile } = await import('node:fs/promises')
    await appendFile(join(dir, 'audit.jsonl'), '{"time":"2025-01-01T00:00:00.000Z","event":"key.ser')
    expect((await log.read()).map((e) => e.detail)).toEqual(['one'])
    await log.append({ event: 'default.set', detail: 'two' })
    expect((await log.read()).map((e) => e.detail)).toEqual(['two', 'one'])
  })

  it('reopens a log that was deleted while open, still 0600', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keyward-audit-'))
    const log = createAuditLog(dir)
    await log.append({ event: 'default.set', detail: 'old' })
    const { unlink } = await import('node:fs/promises')
    await unlink(join(dir, 'audit.jsonl'))
    await log.append({ event: 'default.set', detail: 'new' })
    expect((await log.read()).map((e) => e.detail)).toEqual(['new'])
    expect((await stat(join(dir, 'audit.jsonl'))).mode & 0o777).toBe(0o600)
    await log.close()
  })
})
