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
