import { expect } from 'vitest'
import { chmodSync, chownSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createAuditLog } from '../../../electron/core/platform/audit/audit-log'
import { createBudgetStore } from '../../../electron/core/usage/budgets/budget-store'
import { createConfigStore } from '../../../electron/core/platform/config/config-store'
import { createUsageStore } from '../../../electron/core/usage/store/usage-store'
import { createMemoryKeychain } from '../../../electron/core/vault/memory-keychain'
import { createVault } from '../../../electron/core/vault/vault'
import { type Case, type Outcome, OTHER_UID, VICTIM_TEXT, hostileInputs, outcome, plantedConfig } from '../support/hostile-table'

/*
 * Keyward's own files broken or swapped: config.json damaged or a directory, a corrupt usage
 * manifest, a torn audit log, a data directory others may write, state files planted as links.
 */

hostileInputs('state-files', 'config, cache and state files, the data directory', (w) => {
  /** Rewrites config.json with `text` for a case, keeping the good one to restore afterwards. */
  function withConfigText(text: string | null, work: () => Promise<unknown>): () => Promise<Outcome> {
    return async () => {
      const path = join(w.home, 'config.json')
      const good = readFileSync(path, 'utf8')
      if (text === null) {
        rmSync(path)
        mkdirSync(path)
      } else writeFileSync(path, text)
      const result = await outcome(work)
      rmSync(path, { recursive: true, force: true })
      writeFileSync(path, good, { mode: 0o600 })
      return result
    }
  }
  const corruptBackups = () => readdirSync(w.home).filter((f) => f.startsWith('config.json.corrupt-'))
  return [
    // Broken config and cache files
    {
      name: 'config.json is not JSON',
      input: '{"version":1,',
      code: 'CONFIG_CORRUPT',
      fragment: 'it was moved to',
      run: withConfigText('{"version":1,', () => w.vault.profiles.list()),
      after: () => expect(corruptBackups().length).toBeGreaterThanOrEqual(1),
    },
    {
      name: 'config.json of the wrong shape',
      input: '{"version":1,"profiles":"x"}',
      code: 'CONFIG_CORRUPT',
      fragment: 'not a valid Keyward config',
      run: withConfigText('{"version":1,"profiles":"x"}', () => w.vault.profiles.list()),
    },
    { name: 'config.json empty', input: '(0 bytes)', code: 'CONFIG_CORRUPT', fragment: 'it was moved to', run: withConfigText('', () => w.vault.profiles.list()) },
    { name: 'config.json from a newer Keyward', input: '{"version":99}', code: 'CONFIG_CORRUPT', fragment: 'update Keyward', run: withConfigText('{"version":99}', () => w.vault.profiles.list()) },
    { name: 'config.json is a directory', input: 'config.json/', code: 'INVALID_INPUT', fragment: 'is a directory, not a regular file', run: withConfigText(null, () => w.vault.profiles.list()) },
    {
      name: 'usage database corrupt',
      input: 'usage.db "{garbage"',
      code: 'OK',
      fragment: '',
      run: async () => {
        mkdirSync(w.home, { recursive: true })
        writeFileSync(join(w.home, 'usage.db'), '{garbage'.repeat(1000), { mode: 0o600 })
        const store = createUsageStore(w.home)
        const result = await outcome(async () => {
          if (store.orgs().length !== 0) throw new Error('a corrupt database was read as holding orgs')
        })
        store.close()
        return result
      },
      after: () => expect(readdirSync(w.home).some((f) => f.startsWith('usage.db.unreadable-'))).toBe(true),
    },
    {
      name: 'audit log with torn and foreign lines',
      input: 'audit.jsonl + garbage',
      code: 'OK',
      fragment: '',
      run: async () => {
        writeFileSync(join(w.home, 'audit.jsonl'), '{"torn":\n\u0000\u0001binary\n[1,2]\n', { flag: 'a' })
        return outcome(async () => {
          await w.vault.audit.append({ event: 'default.set', detail: 'after garbage' })
          const entries = await w.vault.audit.read({ limit: 5 })
          if (entries[0]?.detail !== 'after garbage') throw new Error('the audit log stopped reading past garbage')
        })
      },
    },
    // The data directory another user could swap (rows owned by a second uid need root).
    {
      name: 'data dir owned by another uid',
      input: `KEYWARD_HOME chown ${OTHER_UID}`,
      code: 'CONFLICT',
      needsRoot: true,
      fragment: `belongs to another user (uid ${OTHER_UID})`,
      run: () => {
        const dir = w.scratch('foreign-home')
        chownSync(dir, OTHER_UID, OTHER_UID)
        return outcome(async () => createVault({ dataDir: dir, keychain: createMemoryKeychain() }))
      },
    },
    {
      name: 'config.json swapped in by another uid (their org, their base URL)',
      input: `config.json chown ${OTHER_UID}, orgs[0].baseURL https://attacker.example`,
      code: 'INVALID_INPUT',
      needsRoot: true,
      fragment: `belongs to another user (uid ${OTHER_UID})`,
      run: () => {
        const dir = w.scratch('swapped-config')
        writeFileSync(join(dir, 'config.json'), plantedConfig('https://attacker.example'), { mode: 0o666 })
        chownSync(join(dir, 'config.json'), OTHER_UID, OTHER_UID)
        return outcome(() => w.scratchOrgs(dir).orgs.client('org_x'))
      },
      after: () => expect(w.scratchClients).toEqual([]),
    },
    {
      name: 'data dir 0777 (ours)',
      input: 'KEYWARD_HOME chmod 0777',
      code: 'OK',
      fragment: '',
      run: () => {
        const dir = w.scratch('open-home')
        chmodSync(dir, 0o777)
        return outcome(async () => createVault({ dataDir: dir, keychain: createMemoryKeychain() }))
      },
      after: () => expect(statSync(join(w.world.root, 'scratch', 'open-home')).mode & 0o777).toBe(0o700),
    },
    {
      name: 'data dir in a 0777 parent (not sticky)',
      input: '<root>/open-parent (0777)/home',
      code: 'CONFLICT',
      fragment: 'other users may write (mode 0777, not sticky)',
      run: () => {
        const dir = w.scratch('open-parent', 'home')
        chmodSync(join(w.world.root, 'scratch', 'open-parent'), 0o777)
        return outcome(async () => createVault({ dataDir: dir, keychain: createMemoryKeychain() }))
      },
    },
    ...(
      [
        ['audit.jsonl', (dir: string) => createAuditLog(dir).append({ event: 'key.served', profile: 'main', directory: dir })],
        ['config.json', (dir: string) => createConfigStore(dir).update((c) => c)],
        ['config.json.lock', (dir: string) => createConfigStore(dir).update((c) => c)],
        ['budgets.json', (dir: string) => createBudgetStore(dir).read()],
        ['usage.db', async (dir: string) => createUsageStore(dir).orgs()],
      ] as const
    ).map(([file, work]): Case => ({
      name: `${file} is a symlink to ~/.bash_profile`,
      input: `${file} -> ~/.bash_profile`,
      code: 'symlink refused',
      fragment: 'is a symbolic link',
      run: async () => {
        const dir = w.scratch(`link-${file.replace(/\W/g, '-')}`)
        mkdirSync(join(dir, file, '..'), { recursive: true, mode: 0o700 })
        symlinkSync(w.victim(), join(dir, file))
        const got = await outcome(() => work(dir))
        return { code: got.message.includes(`${file.split('/').pop()} is a symbolic link`) && got.message.includes('remove it') ? 'symlink refused' : got.code, message: got.message }
      },
      after: () => expect(readFileSync(w.victim(), 'utf8')).toBe(VICTIM_TEXT),
    })),
  ]
})
