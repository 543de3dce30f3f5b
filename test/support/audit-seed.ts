import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/** A key-shaped string the seeded log hides in a torn line; no screen or export may show it. */
export const SEEDED_KEY = `sk-ant-api03-${'S'.repeat(86)}AA`

/**
 * Writes a realistic audit log (fixed times in March 2026) into `home`: keys served to Claude Code
 * with the real caller, a denial, vault and rotation changes, a formula-shaped tool name, and
 * one torn line (holding a key-shaped string) in the middle.
 */
export async function seedAuditLog(home: string): Promise<void> {
  const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 9, minute)).toISOString()
  const served = (minute: number, profile: string, directory: string, pid: number) => ({
    time: at(minute),
    event: 'key.served',
    profile,
    directory,
    agent: 'claude-code',
    transport: 'socket',
    pid,
    executable: '/usr/bin/node',
    processDirectory: directory,
  })
  const lines = [
    { time: at(0), event: 'profile.added', profile: 'acme-prod' },
    { time: at(1), event: 'binding.set', profile: 'acme-prod', directory: '/home/dev/src/acme-api' },
    served(5, 'acme-prod', '/home/dev/src/acme-api', 31337),
    { time: at(9), event: 'key.denied', profile: 'acme-prod', directory: '/tmp/unknown', agent: '=HYPERLINK("http://evil")', detail: 'guarded profile; no approver' },
    `{"time":"${at(10)}","event":"key.served","detail":"${SEEDED_KEY}`,
    { time: at(12), event: 'rotation.started', profile: 'acme-prod', detail: 'new key stored; old key stays active until unused' },
    served(20, 'acme-prod', '/home/dev/src/acme-api', 31410),
    served(31, 'sandbox', '/home/dev/src/playground', 4022),
    { time: at(40), event: 'guard.tampered', detail: 'guard settings changed outside Keyward' },
  ]
  await mkdir(home, { recursive: true, mode: 0o700 })
  // Before whatever the home's log holds already (newer lines, e.g. seedDemoProjects'), so it stays in time order.
  const existing = await readFile(join(home, 'audit.jsonl'), 'utf8').catch(() => '')
  await writeFile(join(home, 'audit.jsonl'), lines.map((l) => `${typeof l === 'string' ? l : JSON.stringify(l)}\n`).join('') + existing, { mode: 0o600 })
}
