import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createAuditLog } from '../audit/audit-log'
import { createBudgetStore } from '../../usage/budgets/budget-store'
import { createConfigStore } from '../config/config-store'
import { createServingConfigReader } from '../config/serving-config'
import { createRotationReminders } from '../../org/rotation/rotation-reminders'
import { createUsageStore } from '../../usage/store/usage-store'
import { createMemoryKeychain } from '../../vault/memory-keychain'
import { createVault } from '../../vault/vault'

/*
 * Attacks on Keyward's own state files, as another user who could once write the data directory
 * (or a tool that planted a link) would make them: every state file that is a symbolic link is
 * refused with a message naming it, and the file it points to stays byte-identical.
 */

const OTHER_UID = 4242
const isRoot = process.getuid?.() === 0
if (!isRoot) process.stdout.write(`SKIPPED: state files of another user: not root (uid ${process.getuid?.()}), so nothing can be chowned to another uid\n`)

let root: string
let home: string
let victim: string
const VICTIM_TEXT = '# ~/.bash_profile\nexport PATH="$HOME/bin:$PATH"\n'

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'keyward-state-attack-'))
  home = join(root, 'home')
  mkdirSync(home, { mode: 0o700 })
  victim = join(root, 'victim-bash_profile')
  writeFileSync(victim, VICTIM_TEXT)
})
afterEach(() => rmSync(root, { recursive: true, force: true }))

async function refused(work: () => Promise<unknown>): Promise<string> {
  const error = await work().then(
    () => null,
    (e: unknown) => e as Error,
  )
  expect(error, 'the planted link was used').not.toBeNull()
  return error!.message
}

const expectVictimUntouched = () => {
  expect(readFileSync(victim, 'utf8')).toBe(VICTIM_TEXT)
  expect(statSync(victim).size).toBe(VICTIM_TEXT.length)
}

describe('state files planted as symbolic links', () => {
  it('audit.jsonl -> ~/.bash_profile: the append is refused and the victim is byte-identical', async () => {
    symlinkSync(victim, join(home, 'audit.jsonl'))
    const audit = createAuditLog(home)
    const message = await refused(() => audit.append({ event: 'key.served', profile: 'p', directory: '/x' }))
    expect(message).toContain(`${join(home, 'audit.jsonl')} is a symbolic link`)
    expect(message).toContain('remove it')
    expect(await refused(() => audit.read())).toContain('is a symbolic link')
    await audit.close()
    expectVictimUntouched()
  })

  it('config.json -> victim: read, update and the helper reader refuse it; the victim is untouched', async () => {
    symlinkSync(victim, join(home, 'config.json'))
    const config = createConfigStore(home)
    expect(await refused(() => config.read())).toMatch(/config\.json is a symbolic link.*remove it/)
    expect(await refused(() => config.update((c) => c))).toContain('config.json is a symbolic link')
    const serving = createServingConfigReader(home)
    expect(await refused(() => serving())).toContain('config.json is a symbolic link')
    expectVictimUntouched()
  })

  it('config.json.lock -> victim: the lock is refused at once, not waited out or broken', async () => {
    symlinkSync(victim, join(home, 'config.json.lock'))
    const config = createConfigStore(home)
    expect(await refused(() => config.update((c) => c))).toContain('config.json.lock is a symbolic link')
    expectVictimUntouched()
  })

  it('budgets.json -> victim: read and update refuse it', async () => {
    symlinkSync(victim, join(home, 'budgets.json'))
    const budgets = createBudgetStore(home)
    expect(await refused(() => budgets.read())).toContain('budgets.json is a symbolic link')
    expect(await refused(() => budgets.update((b) => b))).toContain('budgets.json is a symbolic link')
    expectVictimUntouched()
  })

  it('usage.db -> victim: refused, never opened by SQLite or written through', async () => {
    symlinkSync(victim, join(home, 'usage.db'))
    const usage = createUsageStore(home)
    expect(await refused(async () => usage.orgs())).toContain('usage.db is a symbolic link')
    expect(await refused(async () => usage.commitMeta('org_1', { orgName: 'x' }))).toContain('usage.db is a symbolic link')
    expectVictimUntouched()
  })

  it('rotation-reminders.json -> victim: the check fails, logged with the file named; the victim is untouched', async () => {
    symlinkSync(victim, join(home, 'rotation-reminders.json'))
    const log: string[] = []
    const reminders = createRotationReminders({
      overview: async () => ({ ageDays: 90, quietHours: 24, profiles: [], errors: [] }),
      notifier: { notify: () => {} },
      dataDir: home,
      log: (l) => log.push(l),
    })
    reminders.checkSoon()
    await reminders.idle()
    expect(log).toEqual([expect.stringContaining('rotation-reminders.json is a symbolic link')])
    expectVictimUntouched()
  })

  it('a FIFO as config.json is refused without blocking', async () => {
    const { execFileSync } = await import('node:child_process')
    execFileSync('mkfifo', [join(home, 'config.json')])
    expect(await refused(() => createConfigStore(home).read())).toContain('FIFO')
  })
})

describe.skipIf(!isRoot)('a data directory another user could write', () => {
  it('refuses a KEYWARD_HOME owned by another uid, before reading anything in it', () => {
    chownSync(home, OTHER_UID, OTHER_UID)
    expect(() => createVault({ dataDir: home, keychain: createMemoryKeychain() })).toThrow(
      expect.objectContaining({ code: 'CONFLICT', message: expect.stringContaining(`belongs to another user (uid ${OTHER_UID})`) }),
    )
  })

  it('tightens a 0777 data dir of ours, and refuses the config.json another user swapped in meanwhile (their org, their base URL)', async () => {
    chmodSync(home, 0o777)
    const planted = JSON.stringify({
      version: 1,
      profiles: [],
      defaultProfile: null,
      bindings: [],
      allowedProjects: [],
      orgs: [{ id: 'org_evil', name: 'Evil', baseURL: 'https://attacker.example', adminProfile: 'admin', demo: false, addedAt: '2026-01-01T00:00:00.000Z' }],
    })
    writeFileSync(join(home, 'config.json'), planted, { mode: 0o666 })
    chownSync(join(home, 'config.json'), OTHER_UID, OTHER_UID)
    const stderr: string[] = []
    const write = process.stderr.write.bind(process.stderr)
    process.stderr.write = ((chunk: string) => (stderr.push(String(chunk)), true)) as typeof process.stderr.write
    let vault: ReturnType<typeof createVault>
    try {
      vault = createVault({ dataDir: home, keychain: createMemoryKeychain() })
    } finally {
      process.stderr.write = write
    }
    expect(statSync(home).mode & 0o777).toBe(0o700)
    expect(stderr.join('')).toContain('is open to other users (mode 0777); Keyward made it private (0700)')
    const message = await refused(() => vault.config.read())
    expect(message).toContain(`config.json belongs to another user (uid ${OTHER_UID})`)
    expect(readFileSync(join(home, 'config.json'), 'utf8')).toBe(planted)
  })
})
