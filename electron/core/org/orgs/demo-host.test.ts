import { spawnSync } from 'node:child_process'
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { NO_DEMO_HOST, connectDemoHost, createDemoHost } from './demo-host'
import { type DemoRecord, demoRecordPath, newDemoRecord, readDemoRecord, writeDemoRecord } from './demo-record'

let home: string
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'keyward-demo-host-'))
})
afterEach(() => rmSync(home, { recursive: true, force: true }))

/** A pid that belonged to a process which has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', ''])
  return child.pid!
}

/** The error a promise rejects with. */
async function failure(promise: Promise<unknown>): Promise<{ code?: string; message: string }> {
  return promise.then(
    () => {
      throw new Error('expected a failure')
    },
    (error: { code?: string; message: string }) => error,
  )
}

const SMALL = { emulator: { keys: 4, days: 1 } }

describe('a host serving the demo org', () => {
  it('records the emulator 0600 with its pid, a start nonce and a per-run token that opens it; nothing key-shaped; closing removes the record', async () => {
    const host = createDemoHost({ ...SMALL, dataDir: home })
    const served = await host.ensure()
    const path = demoRecordPath(home)
    expect(statSync(path).mode & 0o777).toBe(0o600)
    const text = readFileSync(path, 'utf8')
    expect(text).not.toMatch(/sk-ant-/)
    const record = JSON.parse(text) as DemoRecord
    expect(record).toMatchObject({ version: 1, pid: process.pid, baseURL: served.baseURL, token: served.credential })
    expect(record.nonce).toMatch(/^[0-9a-f]{32}$/)
    expect(Number.isNaN(Date.parse(record.startedAt))).toBe(false)

    const emulator = await host.emulator()
    const me = (key: string) => fetch(`${served.baseURL}/v1/organizations/me`, { headers: { 'x-api-key': key } }).then((r) => r.status)
    expect(await me(record.token)).toBe(200)
    // The seed's demo Admin key is public knowledge: the host's emulator does not take it.
    const { demoAdminKey } = await import('../../../emulator/ids')
    expect(await me(demoAdminKey(1))).toBe(401)
    expect(emulator.adminKey).toBe(record.token)

    await host.close()
    expect(existsSync(path)).toBe(false)
  })

  it('refuses to serve a data directory whose demo org another live process serves, and leaves that record alone', async () => {
    const other = { ...newDemoRecord('http://127.0.0.1:9', 'keyward-demo-other', 'Other'), pid: process.ppid }
    await writeDemoRecord(home, other)
    const host = createDemoHost({ ...SMALL, dataDir: home })
    const error = await failure(host.ensure())
    expect(error.code).toBe('CONFLICT')
    expect(error.message).toContain(`already served by process ${process.ppid}`)
    expect(readDemoRecord(home)?.nonce).toBe(other.nonce)
    await host.close()
    expect(readDemoRecord(home)?.nonce).toBe(other.nonce)
  })

  it('when it stops, leaves a newer host’s record in place', async () => {
    const host = createDemoHost({ ...SMALL, dataDir: home })
    await host.ensure()
    const newer = newDemoRecord('http://127.0.0.1:9', 'keyward-demo-newer', 'Newer')
    await writeDemoRecord(home, newer)
    await host.close()
    expect(readDemoRecord(home)?.nonce).toBe(newer.nonce)
  })
})

describe('the CLI’s view of the demo org', () => {
  it('uses the running host’s emulator: its URL and token', async () => {
    const host = createDemoHost({ ...SMALL, dataDir: home })
    const served = await host.ensure()
    try {
      const seen = connectDemoHost(home)
      expect(seen.current()).toEqual(served)
      expect(await seen.ensure()).toEqual(served)
    } finally {
      await host.close()
    }
  })

  it('with no host, fails with the one line that says how to start one, and starts nothing', async () => {
    const seen = connectDemoHost(home)
    const error = await failure(seen.ensure())
    expect(error).toMatchObject({ code: 'UNAVAILABLE', message: NO_DEMO_HOST })
    expect(NO_DEMO_HOST).not.toContain('\n')
    expect(NO_DEMO_HOST).toContain('keyward daemon --demo')
    expect(seen.current()).toBeNull()
    expect(seen.idleLabel).toMatch(/none runs now/)
  })

  it('ignores and removes a stale record: a dead pid', async () => {
    await writeDemoRecord(home, { ...newDemoRecord('http://127.0.0.1:9', 'keyward-demo-stale', 'Stale'), pid: deadPid() })
    const seen = connectDemoHost(home)
    expect(seen.current()).toBeNull()
    expect((await failure(seen.ensure())).message).toBe(NO_DEMO_HOST)
    expect(existsSync(demoRecordPath(home))).toBe(false)
  })

  it('ignores and removes a stale record: a live pid but nobody listening on its port', async () => {
    const server = createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const port = (server.address() as { port: number }).port
    await new Promise<void>((resolve) => server.close(() => resolve()))
    await writeDemoRecord(home, newDemoRecord(`http://127.0.0.1:${port}`, 'keyward-demo-gone', 'Gone'))
    expect((await failure(connectDemoHost(home).ensure())).message).toBe(NO_DEMO_HOST)
    expect(existsSync(demoRecordPath(home))).toBe(false)
  })

  it.skipIf(process.platform === 'win32')('refuses a record that is a symbolic link, and leaves it', async () => {
    const elsewhere = join(home, 'elsewhere.json')
    writeFileSync(elsewhere, JSON.stringify(newDemoRecord('http://127.0.0.1:9', 'keyward-demo-planted', 'Planted')), { mode: 0o600 })
    symlinkSync(elsewhere, demoRecordPath(home))
    const error = await failure(connectDemoHost(home).ensure())
    expect(error.code).toBe('CONFLICT')
    expect(error.message).toMatch(/demo org's record: .*demo-host\.json is a symbolic link; Keyward never follows links/)
    expect(existsSync(demoRecordPath(home))).toBe(true)
  })

  it.skipIf(process.platform === 'win32')('refuses a record other users may write, naming its mode and what to do', async () => {
    await writeDemoRecord(home, newDemoRecord('http://127.0.0.1:9', 'keyward-demo-open', 'Open'))
    chmodSync(demoRecordPath(home), 0o660)
    const error = await failure(connectDemoHost(home).ensure())
    expect(error.code).toBe('CONFLICT')
    expect(error.message).toMatch(/demo-host\.json is open to other users \(mode 0660\).*remove it, and restart the app or keyward daemon --demo/)
  })

  // Giving a file away needs root; as anyone else the owner check is covered by safe-file's tests.
  it.skipIf(process.getuid?.() !== 0)('refuses a record another user owns, and says someone else put it there', async () => {
    await writeDemoRecord(home, newDemoRecord('http://127.0.0.1:9', 'keyward-demo-theirs', 'Theirs'))
    chownSync(demoRecordPath(home), 4242, 4242)
    const error = await failure(connectDemoHost(home).ensure())
    expect(error.code).toBe('CONFLICT')
    expect(error.message).toMatch(/demo-host\.json belongs to another user \(uid 4242\), so someone else put it there; Keyward did not use it/)
  })

  it('refuses a record Keyward did not write (not JSON, or a URL off loopback)', async () => {
    writeFileSync(demoRecordPath(home), 'not json', { mode: 0o600 })
    expect((await failure(connectDemoHost(home).ensure())).message).toMatch(/is not a demo-org record Keyward wrote; remove it/)
    await writeDemoRecord(home, newDemoRecord('https://attacker.example', 'keyward-demo-x', 'X'))
    expect((await failure(connectDemoHost(home).ensure())).code).toBe('CONFLICT')
  })
})
