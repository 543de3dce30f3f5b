import { execFileSync } from 'node:child_process'
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { connect, createServer } from 'node:net'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isKeywardError } from '../../shared/errors'
import { type HelperDeps, runHelper } from '../../electron/cli/commands/helper'
import { createOrgAdmin } from '../../electron/core/admin/org-admin'
import { createAuditLog } from '../../electron/core/audit/audit-log'
import { createBudgetService } from '../../electron/core/budgets/budget-service'
import { createBudgetStore } from '../../electron/core/budgets/budget-store'
import { emptyAttributionSource } from '../../electron/core/usage/attribution'
import { createSyncService } from '../../electron/core/usage/sync-service'
import { createUsageQueryService } from '../../electron/core/usage/usage-service'
import { createUsageStore } from '../../electron/core/usage/usage-store'
import { createConfigStore } from '../../electron/core/config/config-store'
import { startEmulator } from '../../electron/emulator'
import { createAdminClient } from '../../electron/core/orgs/admin-client'
import { type KeyAnswer, askForKey } from '../../electron/core/socket/socket-client'
import { linuxProcess } from '../../electron/core/socket/peer/linux-peer'
import { UNIDENTIFIED } from '../../electron/core/socket/peer/peer-identity'
import { handleRequestLine } from '../../electron/core/socket/socket-handler'
import { socketLocation } from '../../electron/core/socket/socket-path'
import { createKeytarKeychain } from '../../electron/core/vault/keychain'
import { createMemoryKeychain } from '../../electron/core/vault/memory-keychain'
import { createVault } from '../../electron/core/vault/vault'
import { type RepoEntry, cloneHostileRepo, snapshotTree } from '../support/hostile-repo'
import { secretServiceAvailable } from '../support/keyring'
import { runKeyward } from './support/cli'
import { figureSheet } from './support/figures'
import { type World, makeWorld } from './support/world'

/*
 * Hostile and broken inputs, table-driven: each case names its input, the error code it must get
 * and a fragment of the message that tells the user what to do; after each, the profiles and
 * bindings that existed are all still there (nothing lost).
 */

const keyring = await secretServiceAvailable()
const sheet = figureSheet('hostile-inputs', 'Hostile and broken inputs')

/** What a case produced: a coded error (or OK), and its message. */
interface Outcome {
  readonly code: string
  readonly message: string
}

/** One row of the catalogue. */
interface Case {
  readonly name: string
  readonly input: string
  readonly code: string
  readonly fragment: string | RegExp
  run(): Promise<Outcome>
  /** Extra checks after the run (a backup kept, a file untouched). */
  after?(): void | Promise<void>
  readonly needsKeyring?: boolean
  /** Needs root (files owned by a second uid): skipped, with the reason printed, otherwise. */
  readonly needsRoot?: boolean
  /** A bug found in another module and reported to its owner: a failure is recorded and printed, not failed on. */
}

/** Another uid for the data-directory rows; chown to it needs root (else those rows are skipped, printed). */
const OTHER_UID = 4242
const isRoot = process.getuid?.() === 0
if (!isRoot) sheet.skip(`data dir and config.json of another uid: not root (uid ${process.getuid?.()}), so nothing can be chowned to another uid`)
const VICTIM_TEXT = '# ~/.bash_profile\nexport EDITOR=vi\n'

const apiBody = 'Q'.repeat(80) + 'AA'
const API = `sk-ant-api03-${apiBody}`
const ADMIN = `sk-ant-admin01-${apiBody}`

async function outcome(work: () => Promise<unknown>): Promise<Outcome> {
  try {
    await work()
    return { code: 'OK', message: '' }
  } catch (error) {
    if (isKeywardError(error)) return { code: error.code, message: error.message }
    return { code: `UNCODED ${(error as Error).name}`, message: (error as Error).message }
  }
}

describe('hostile and broken inputs', () => {
  let world: World
  let home: string
  let vault: ReturnType<typeof createVault>
  let keychain: ReturnType<typeof createMemoryKeychain>
  let emulator: Awaited<ReturnType<typeof startEmulator>>
  let orgAdmin: ReturnType<typeof createOrgAdmin>
  let orgId = ''
  const project = () => join(world.root, 'projects', 'main')

  beforeAll(async () => {
    world = makeWorld('hostile', 3)
    home = world.home
    keychain = createMemoryKeychain()
    vault = createVault({ dataDir: home, keychain, base: world.root })
    await vault.profiles.add({ name: 'main', kind: 'api', key: world.key('api', 'main') })
    await vault.profiles.add({ name: 'other', kind: 'api', key: world.key('api', 'other') })
    world.dir('projects', 'main')
    await vault.bindings.set(project(), 'main')
    emulator = await startEmulator({ seed: 3, keys: 5, days: 3 })
    await vault.profiles.add({ name: 'org-admin', kind: 'admin', key: emulator.adminKey })
    orgAdmin = createOrgAdmin({ vault, log: () => {}, makeClient: (o) => createAdminClient({ ...o, timeoutMs: 1_500, maxRetries: 0 }) })
    orgId = (await orgAdmin.orgs.add({ adminProfile: 'org-admin', baseURL: emulator.baseURL })).id
  }, 60_000)

  afterAll(async () => {
    await orgAdmin?.close()
    await emulator?.close()
    sheet.write()
    world?.cleanup()
  })

  /** Rewrites config.json with `text` for a case, keeping the good one to restore afterwards. */
  function withConfigText(text: string | null, work: () => Promise<unknown>): () => Promise<Outcome> {
    return async () => {
      const path = join(home, 'config.json')
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
  const corruptBackups = () => readdirSync(home).filter((f) => f.startsWith('config.json.corrupt-'))
  const adminCall = (name: 'admin.getOrganization' | 'admin.listApiKeys', fault: Parameters<typeof emulator.faults.set>[1]) => async () => {
    emulator.faults.set('* *', fault)
    try {
      return await outcome(() => (orgAdmin.handlers[name] as (i: unknown, c: unknown) => Promise<unknown>)({ orgId, limit: 20 }, { transport: 'test' }))
    } finally {
      emulator.faults.clear()
    }
  }
  const socketLine = async (line: string): Promise<Outcome> => {
    const reply = await handleRequestLine(line, vault.keys, () => {})
    return reply.ok ? { code: 'OK', message: '' } : { code: reply.error.code, message: reply.error.message }
  }
  const cli = async (args: string[], options: { input?: string; cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Outcome> => {
    const run = await runKeyward(args, { env: options.env ?? world.env, ...(options.cwd && { cwd: options.cwd }), ...(options.input !== undefined && { input: options.input }) })
    return { code: `exit ${run.code}`, message: run.stderr.trim() }
  }
  /**
   * `keyward claude setup --scope project` (or `--undo`) in a clone of a repository that commits
   * `entries`, cloned into ~/code so that `../../../` from its `.claude` is the fake HOME; any
   * change outside the clone (bytes or mtimes) turns the outcome into CHANGED.
   */
  let clones = 0
  const claudeInHostileClone = (entries: readonly RepoEntry[], undo = false) => async (): Promise<Outcome> => {
    const clone = cloneHostileRepo(world.dir('git-origins'), join(world.userHome, 'code', `hostile-${++clones}`), entries)
    const before = snapshotTree([world.userHome, world.dir('outside')], [clone])
    const result = await cli(['claude', 'setup', '--scope', 'project', ...(undo ? ['--undo'] : [])], { cwd: clone })
    const after = snapshotTree([world.userHome, world.dir('outside')], [clone])
    const changed = Object.keys({ ...before, ...after }).filter((path) => before[path] !== after[path])
    return changed.length > 0 ? { code: 'CHANGED', message: `changed outside the clone: ${changed.join(', ')}` } : result
  }
  /** A directory holding `.keyward.json` made by `make`, resolved from below it. */
  const projectFileCase = (name: string, make: (file: string) => void) => () => {
    const dir = world.dir('repos', name)
    mkdirSync(join(dir, 'src'), { recursive: true })
    make(join(dir, '.keyward.json'))
    return outcome(() => vault.keys.resolve(join(dir, 'src'), undefined, 'direct'))
  }
  /** A root-owned sticky directory (like /tmp) with a `.keyward.json` owned by another uid. */
  const plantedDir = (name: string) => {
    const dir = world.dir(`sticky-${name}`)
    chmodSync(dir, 0o1777)
    mkdirSync(join(dir, 'work'), { recursive: true })
    writeFileSync(join(dir, '.keyward.json'), JSON.stringify({ profile: 'other' }))
    chownSync(join(dir, '.keyward.json'), 4242, 4242)
    return dir
  }

  /** A fresh data directory (0700) under <root>/scratch, for rows that attack the directory itself. */
  const scratch = (...parts: string[]): string => {
    const dir = join(world.root, 'scratch', ...parts)
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    return dir
  }
  /** The file a planted link points at: the user's login script. */
  const victim = (): string => {
    const path = join(world.userHome, '.bash_profile')
    if (!existsSync(path)) writeFileSync(path, VICTIM_TEXT)
    return path
  }
  /** A config.json with one org at `baseURL`, as an attacker would write it. */
  const plantedConfig = (baseURL: string): string =>
    JSON.stringify({
      version: 1,
      profiles: [{ name: 'admin', kind: 'admin', hint: 'sk-ant-admin01-…AAAA', createdAt: '2026-01-01T00:00:00.000Z', rotatedAt: null, tags: [] }],
      defaultProfile: null,
      bindings: [],
      allowedProjects: [],
      orgs: [{ id: 'org_x', name: 'Acme', baseURL, adminProfile: 'admin', demo: false, addedAt: '2026-01-01T00:00:00.000Z' }],
    })
  /** Base URLs an Admin API client was built for in a scratch data dir (must stay empty). */
  const scratchClients: string[] = []
  const scratchOrgs = (dir: string) =>
    createOrgAdmin({ vault: createVault({ dataDir: dir, keychain: createMemoryKeychain({ admin: ADMIN }) }), log: () => {}, makeClient: (o) => (scratchClients.push(o.baseURL), createAdminClient(o)) })
  /** Runs `keyward helper` in-process in the bound project with `deps`: its exit code, stdout and stderr. */
  const helperRun = async (deps: HelperDeps): Promise<{ code: number; stdout: string; stderr: string }> => {
    let stdout = ''
    let stderr = ''
    const io = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, stdin: new PassThrough(), env: {}, cwd: project() }
    const code = await runHelper({}, io, deps)
    return { code, stdout, stderr }
  }

  const cases: Case[] = [
    // Keys
    { name: 'empty key', input: '""', code: 'INVALID_INPUT', fragment: 'the key is empty', run: () => outcome(() => vault.profiles.add({ name: 'k1', kind: 'api', key: '' })) },
    { name: 'not an Anthropic key', input: 'sk-proj-…', code: 'INVALID_INPUT', fragment: 'not with sk-ant-', run: () => outcome(() => vault.profiles.add({ name: 'k2', kind: 'api', key: `sk-proj-${apiBody}` })) },
    { name: 'Admin key where an API key is required', input: 'sk-ant-admin01-…', code: 'INVALID_INPUT', fragment: 'keyward add NAME --admin', run: () => outcome(() => vault.profiles.add({ name: 'k3', kind: 'api', key: ADMIN })) },
    { name: 'API key added as Admin', input: 'sk-ant-api03-… --admin', code: 'INVALID_INPUT', fragment: 'without --admin', run: () => outcome(() => vault.profiles.add({ name: 'k4', kind: 'admin', key: API })) },
    { name: 'truncated paste', input: 'sk-ant-api03- + 20 chars', code: 'INVALID_INPUT', fragment: 'cut off', run: () => outcome(() => vault.profiles.add({ name: 'k5', kind: 'api', key: API.slice(0, 33) })) },
    { name: 'space inside the key', input: 'key with a space', code: 'INVALID_INPUT', fragment: 'a space or line break', run: () => outcome(() => vault.profiles.add({ name: 'k6', kind: 'api', key: `${API.slice(0, 40)} ${API.slice(40)}` })) },
    { name: 'line break inside the key', input: 'key\\nkey', code: 'INVALID_INPUT', fragment: 'a space or line break', run: () => outcome(() => vault.profiles.add({ name: 'k7', kind: 'api', key: `${API.slice(0, 40)}\n${API.slice(40)}` })) },
    { name: 'look-alike Unicode in the key', input: 'Cyrillic А in the body', code: 'INVALID_INPUT', fragment: 'characters other than', run: () => outcome(() => vault.profiles.add({ name: 'k8', kind: 'api', key: `${API.slice(0, 30)}А${API.slice(31)}` })) },
    { name: 'oversized key', input: '300-character body', code: 'INVALID_INPUT', fragment: 'characters long', run: () => outcome(() => vault.profiles.add({ name: 'k9', kind: 'api', key: `sk-ant-api03-${'x'.repeat(300)}` })) },
    // Names
    { name: 'name with a slash', input: 'a/b', code: 'INVALID_INPUT', fragment: 'not a valid profile name', run: () => outcome(() => vault.profiles.add({ name: 'a/b', kind: 'api', key: API })) },
    { name: 'empty name', input: '""', code: 'INVALID_INPUT', fragment: 'not a valid profile name', run: () => outcome(() => vault.profiles.add({ name: '', kind: 'api', key: API })) },
    { name: '65-character name', input: 'n × 65', code: 'INVALID_INPUT', fragment: 'not a valid profile name', run: () => outcome(() => vault.profiles.add({ name: 'n'.repeat(65), kind: 'api', key: API })) },
    { name: 'name with a newline', input: 'a\\nb', code: 'INVALID_INPUT', fragment: 'not a valid profile name', run: () => outcome(() => vault.profiles.add({ name: 'a\nb', kind: 'api', key: API })) },
    { name: 'duplicate name', input: 'main (exists)', code: 'ALREADY_EXISTS', fragment: 'pick another name', run: () => outcome(() => vault.profiles.add({ name: 'main', kind: 'api', key: API })) },
    { name: 'rename onto an existing name', input: 'other → main', code: 'ALREADY_EXISTS', fragment: 'pick another name', run: () => outcome(() => vault.profiles.rename('other', 'main')) },
    { name: 'remove a bound profile', input: 'remove main', code: 'CONFLICT', fragment: '--force', run: () => outcome(() => vault.profiles.remove('main')) },
    { name: 'Admin key as the default', input: 'default org-admin', code: 'INVALID_INPUT', fragment: 'holds an Admin key', run: () => outcome(() => vault.profiles.setDefault('org-admin')) },
    // Paths
    { name: 'bind a missing directory', input: '<root>/missing', code: 'INVALID_INPUT', fragment: 'create it first', run: () => outcome(() => vault.bindings.set(join(world.root, 'missing'), 'main')) },
    { name: 'bind an unknown profile', input: 'use nope', code: 'NOT_FOUND', fragment: 'keyward list', run: () => outcome(() => vault.bindings.set(world.dir('projects', 'x'), 'nope')) },
    { name: 'bind an Admin-key profile', input: 'use org-admin', code: 'INVALID_INPUT', fragment: 'Admin key', run: () => outcome(() => vault.bindings.set(world.dir('projects', 'y'), 'org-admin')) },
    {
      name: 'bind a symlink loop',
      input: 'loop-a → loop-b → loop-a',
      code: 'INVALID_INPUT',
      fragment: 'cannot open the directory',
      run: () => {
        symlinkSync(join(world.root, 'loop-b'), join(world.root, 'loop-a'))
        symlinkSync(join(world.root, 'loop-a'), join(world.root, 'loop-b'))
        return outcome(() => vault.bindings.set(join(world.root, 'loop-a'), 'main'))
      },
    },
    { name: 'resolve in a symlink loop', input: 'helper in loop-a', code: 'INVALID_INPUT', fragment: 'loop-a', run: () => outcome(() => vault.keys.resolve(join(world.root, 'loop-a'), undefined, 'direct')) },
    {
      name: 'bind a regular file',
      input: '<root>/file.txt',
      code: 'INVALID_INPUT',
      fragment: 'directory',
      run: () => {
        writeFileSync(join(world.root, 'file.txt'), 'x')
        return outcome(() => vault.bindings.set(join(world.root, 'file.txt'), 'main'))
      },
    },
    { name: 'unbound directory', input: 'helper in <root>/elsewhere', code: 'NOT_BOUND', fragment: 'run: keyward use', run: () => outcome(() => vault.keys.resolve(world.dir('elsewhere'), undefined, 'direct')) },
    {
      name: 'project file not allowed',
      input: '.keyward.json {"profile":"other"}',
      code: 'NOT_ALLOWED',
      fragment: 'keyward allow',
      run: () => {
        const dir = world.dir('repos', 'cloned')
        writeFileSync(join(dir, '.keyward.json'), JSON.stringify({ profile: 'other' }))
        return outcome(() => vault.keys.resolve(dir, undefined, 'direct'))
      },
    },
    {
      name: 'project file edited after allow',
      input: '.keyward.json changed',
      code: 'NOT_ALLOWED',
      fragment: 'changed since it was allowed',
      run: async () => {
        const dir = world.dir('repos', 'edited')
        writeFileSync(join(dir, '.keyward.json'), JSON.stringify({ profile: 'other' }))
        await vault.bindings.allow(dir)
        writeFileSync(join(dir, '.keyward.json'), JSON.stringify({ profile: 'main' }))
        return outcome(() => vault.keys.resolve(dir, undefined, 'direct'))
      },
    },
    {
      name: 'project file that is not JSON',
      input: '.keyward.json "{profile"',
      code: 'INVALID_INPUT',
      fragment: '.keyward.json',
      run: () => {
        const dir = world.dir('repos', 'broken')
        writeFileSync(join(dir, '.keyward.json'), '{profile')
        return outcome(() => vault.keys.resolve(dir, undefined, 'direct'))
      },
    },
    // Broken config and cache files
    {
      name: 'config.json is not JSON',
      input: '{"version":1,',
      code: 'CONFIG_CORRUPT',
      fragment: 'it was moved to',
      run: withConfigText('{"version":1,', () => vault.profiles.list()),
      after: () => expect(corruptBackups().length).toBeGreaterThanOrEqual(1),
    },
    { name: 'config.json of the wrong shape', input: '{"version":1,"profiles":"x"}', code: 'CONFIG_CORRUPT', fragment: 'not a valid Keyward config', run: withConfigText('{"version":1,"profiles":"x"}', () => vault.profiles.list()) },
    { name: 'config.json empty', input: '(0 bytes)', code: 'CONFIG_CORRUPT', fragment: 'it was moved to', run: withConfigText('', () => vault.profiles.list()) },
    { name: 'config.json from a newer Keyward', input: '{"version":99}', code: 'CONFIG_CORRUPT', fragment: 'update Keyward', run: withConfigText('{"version":99}', () => vault.profiles.list()) },
    { name: 'config.json is a directory', input: 'config.json/', code: 'INVALID_INPUT', fragment: 'is a directory, not a regular file', run: withConfigText(null, () => vault.profiles.list()) },
    {
      name: 'usage manifest corrupt',
      input: 'manifest.json "{garbage"',
      code: 'OK',
      fragment: '',
      run: async () => {
        const store = createUsageStore(home)
        const dir = join(store.root, 'org_broken')
        mkdirSync(dir, { recursive: true })
        writeFileSync(join(dir, 'manifest.json'), '{garbage')
        const result = await outcome(async () => {
          if ((await store.manifest('org_broken')) !== null) throw new Error('a corrupt manifest was read as valid')
        })
        return result
      },
      after: () => expect(readdirSync(join(home, 'usage', 'org_broken')).some((f) => f.includes('unreadable'))).toBe(true),
    },
    {
      name: 'audit log with torn and foreign lines',
      input: 'audit.jsonl + garbage',
      code: 'OK',
      fragment: '',
      run: async () => {
        writeFileSync(join(home, 'audit.jsonl'), '{"torn":\n\u0000\u0001binary\n[1,2]\n', { flag: 'a' })
        return outcome(async () => {
          await vault.audit.append({ event: 'default.set', detail: 'after garbage' })
          const entries = await vault.audit.read({ limit: 5 })
          if (entries[0]?.detail !== 'after garbage') throw new Error('the audit log stopped reading past garbage')
        })
      },
    },
    // Socket requests
    { name: 'socket: not JSON', input: '{"v":1,', code: 'INVALID_INPUT', fragment: 'one JSON object per line', run: () => socketLine('{"v":1,') },
    { name: 'socket: relative cwd', input: '{"cwd":"projects"}', code: 'INVALID_INPUT', fragment: 'absolute path', run: () => socketLine(JSON.stringify({ v: 1, op: 'resolve', cwd: 'projects' })) },
    { name: 'socket: unknown op', input: '{"op":"dump"}', code: 'INVALID_INPUT', fragment: 'expected "resolve"', run: () => socketLine(JSON.stringify({ v: 1, op: 'dump', cwd: '/' })) },
    { name: 'socket: wrong version', input: '{"v":2}', code: 'INVALID_INPUT', fragment: 'this Keyward speaks v1', run: () => socketLine(JSON.stringify({ v: 2, op: 'resolve', cwd: '/' })) },
    { name: 'socket: forced Admin profile', input: '{"profile":"org-admin"}', code: 'NOT_ALLOWED', fragment: 'Admin key', run: () => socketLine(JSON.stringify({ v: 1, op: 'resolve', cwd: project(), profile: 'org-admin' })) },
    {
      // This process, as the OS describes it (its real cwd is the world's root), claims another directory.
      name: 'socket: a client claims a directory outside its working directory',
      input: '{"cwd":"/"} from a process in the world root',
      code: 'NOT_ALLOWED',
      fragment: 'but its real working directory is',
      run: async () => {
        const self = linuxProcess(process.pid)
        const reply = await handleRequestLine(JSON.stringify({ v: 1, op: 'resolve', cwd: '/', agent: 'liar' }), vault.keys, () => {}, self ? { peer: self, subject: null } : UNIDENTIFIED)
        return reply.ok ? { code: 'OK', message: '' } : { code: reply.error.code, message: reply.error.message }
      },
    },
    // Keychain
    {
      name: 'key deleted from the keychain outside Keyward',
      input: 'keychain entry of "main" gone',
      code: 'NOT_FOUND',
      fragment: 'keyward remove main --force',
      run: async () => {
        const secret = await keychain.get('main')
        await keychain.delete('main')
        const result = await outcome(() => vault.keys.resolve(project(), undefined, 'direct'))
        await keychain.set('main', secret!)
        return result
      },
    },
    {
      name: 'keychain unavailable (no D-Bus)',
      input: 'DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent',
      code: 'exit 4',
      fragment: 'Nothing was stored in plaintext',
      needsKeyring: true,
      run: () => cli(['add', 'nobus', '--key-stdin'], { input: API, env: { ...world.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' } }),
      after: () => expect(readFileSync(join(home, 'config.json'), 'utf8')).not.toContain('nobus'),
    },
    // Claude Code settings.json variants
    ...(
      [
        ['settings.json is not JSON', '{"model": "x",', 'exit', 'not valid JSON'],
        ['settings.json with comments', '// mine\n{"model":"x"}', 'exit', 'not valid JSON'],
        ['settings.json is an array', '[1,2]', 'exit', 'settings.json'],
        ['settings.json is null', 'null', 'exit', 'settings.json'],
      ] as const
    ).map(([name, text, code, fragment]): Case => ({
      name,
      input: JSON.stringify(text),
      code: `${code} 1`,
      fragment,
      run: async () => {
        const path = join(world.userHome, '.claude', 'settings.json')
        mkdirSync(join(world.userHome, '.claude'), { recursive: true })
        writeFileSync(path, text)
        const result = await cli(['claude', 'setup', '--scope', 'user'])
        if (readFileSync(path, 'utf8') !== text) return { code: 'CHANGED', message: 'the broken settings.json was overwritten' }
        return result
      },
    })),
    {
      name: 'settings.json keeps other settings',
      input: '{"model":"x","env":{"A":"1"},"apiKeyHelper":"old"}',
      code: 'exit 0',
      fragment: '',
      run: async () => {
        const path = join(world.userHome, '.claude', 'settings.json')
        writeFileSync(path, JSON.stringify({ model: 'x', env: { A: '1' }, apiKeyHelper: 'old' }))
        const result = await cli(['claude', 'setup', '--scope', 'user'])
        const now = JSON.parse(readFileSync(path, 'utf8')) as { model?: string; env?: { A?: string }; apiKeyHelper?: string }
        if (now.model !== 'x' || now.env?.A !== '1' || !now.apiKeyHelper?.endsWith('helper')) return { code: 'LOST', message: JSON.stringify(now) }
        return { code: result.code, message: '' }
      },
    },
    {
      name: 'settings.json unreadable (a directory)',
      input: '.claude/settings.json/',
      code: 'exit 1',
      fragment: 'settings.json',
      run: async () => {
        const dir = world.dir('projects', 'claude-dir')
        mkdirSync(join(dir, '.claude', 'settings.json'), { recursive: true })
        return cli(['claude', 'setup', '--scope', 'project'], { cwd: dir })
      },
    },
    // Admin API responses
    { name: 'Admin API 401', input: 'authentication_error', code: 'API_UNAUTHORIZED', fragment: 'wrong or revoked', run: adminCall('admin.getOrganization', { kind: 'error', type: 'authentication_error', message: 'invalid x-api-key' }) },
    { name: 'Admin API 403', input: 'permission_error', code: 'API_FORBIDDEN', fragment: 'Admin key of an org admin', run: adminCall('admin.getOrganization', { kind: 'error', type: 'permission_error', message: 'no' }) },
    { name: 'Admin API 404', input: 'not_found_error', code: 'API_NOT_FOUND', fragment: 'refresh the list', run: adminCall('admin.listApiKeys', { kind: 'error', type: 'not_found_error', message: 'gone' }) },
    { name: 'Admin API 409', input: 'conflict_error', code: 'API_CONFLICT', fragment: 'refresh and try again', run: adminCall('admin.listApiKeys', { kind: 'error', type: 'conflict_error', message: 'conflict' }) },
    { name: 'Admin API 429', input: '429 retry-after 7', code: 'RATE_LIMITED', fragment: 'try again in 7 s', run: adminCall('admin.listApiKeys', { kind: '429', retryAfterSeconds: 7 }) },
    { name: 'Admin API 500', input: '500', code: 'UNAVAILABLE', fragment: 'try again later', run: adminCall('admin.getOrganization', { kind: '500' }) },
    { name: 'Admin API timeout', input: 'slow 4 s (client timeout 1.5 s)', code: 'TIMEOUT', fragment: 'did not answer in time', run: adminCall('admin.getOrganization', { kind: 'slow', delayMs: 4_000 }) },
    { name: 'Admin API malformed JSON', input: '200 with truncated JSON', code: 'UNAVAILABLE', fragment: 'not valid JSON', run: adminCall('admin.getOrganization', { kind: 'malformed' }) },
    { name: 'Admin API connection reset', input: 'socket destroyed', code: 'NETWORK', fragment: 'check the network', run: adminCall('admin.getOrganization', { kind: 'reset' }) },
    { name: 'Admin API unreachable base URL', input: 'http://127.0.0.1:1', code: 'NETWORK', fragment: 'check the network', run: () => outcome(() => orgAdmin.orgs.add({ adminProfile: 'org-admin', baseURL: 'http://127.0.0.1:1' })) },
    { name: 'org with an API key, not an Admin key', input: 'orgs add main', code: 'INVALID_INPUT', fragment: 'Admin key', run: () => outcome(() => orgAdmin.orgs.add({ adminProfile: 'main', baseURL: emulator.baseURL })) },
    // --- issue 10: hostile repositories ---
    {
      name: 'claude setup: backup name links to ~/.bash_profile (missing)',
      input: '.claude/settings.json.keyward-backup -> ../../../.bash_profile',
      code: 'exit 1',
      fragment: 'is a symbolic link where an old Keyward backup would be',
      run: claudeInHostileClone([{ path: '.claude/settings.json', text: '{"x": "$(id > pwned)"}\n' }, { path: '.claude/settings.json.keyward-backup', link: '../../../.bash_profile' }]),
      after: () => expect(existsSync(join(world.userHome, '.bash_profile'))).toBe(false),
    },
    {
      name: 'claude setup: backup name links to ~/.claude/settings.json',
      input: '.claude/settings.json.keyward-backup -> ../../../.claude/settings.json',
      code: 'exit 1',
      fragment: 'is a symbolic link where an old Keyward backup would be',
      run: claudeInHostileClone([{ path: '.claude/settings.json', text: '{"hooks": {}}\n' }, { path: '.claude/settings.json.keyward-backup', link: '../../../.claude/settings.json' }]),
    },
    {
      name: 'claude setup --undo: backup name links out',
      input: '--undo with .keyward-backup -> ../../../.bash_profile',
      code: 'exit 1',
      fragment: 'where an old Keyward backup would be',
      run: claudeInHostileClone([{ path: '.claude/settings.json', text: '{}\n' }, { path: '.claude/settings.json.keyward-backup', link: '../../../.bash_profile' }], true),
    },
    {
      name: 'claude setup: "no file" marker links out',
      input: '.claude/settings.json.keyward-none -> ../../../.bash_profile',
      code: 'exit 1',
      fragment: 'which Keyward never follows',
      run: claudeInHostileClone([{ path: '.claude/README.md', text: 'x' }, { path: '.claude/settings.json.keyward-none', link: '../../../.bash_profile' }]),
    },
    {
      name: 'claude setup: .claude is a symlink',
      input: '.claude -> <tmp>/outside',
      code: 'exit 1',
      fragment: '.claude is a symbolic link',
      run: () => claudeInHostileClone([{ path: 'README.md', text: 'x' }, { path: '.claude', link: world.dir('outside') }])(),
    },
    {
      name: 'claude setup: settings.json links out of the project',
      input: '.claude/settings.json -> ../../outside.json',
      code: 'exit 1',
      fragment: 'settings.json is a symbolic link (to "../../outside.json")',
      run: async () => {
        writeFileSync(join(world.userHome, 'code', 'outside.json'), '{"mine": true}\n')
        return claudeInHostileClone([{ path: '.claude/settings.json', link: '../../outside.json' }])()
      },
      after: () => expect(readFileSync(join(world.userHome, 'code', 'outside.json'), 'utf8')).toBe('{"mine": true}\n'),
    },
    {
      name: '.keyward.json links to /dev/zero (cloned)',
      input: '.keyward.json -> /dev/zero',
      code: 'INVALID_INPUT',
      fragment: 'a symbolic link, which Keyward never follows in a project',
      run: () => {
        const clone = cloneHostileRepo(world.dir('git-origins'), join(world.root, 'repos', 'zero-clone'), [{ path: '.keyward.json', link: '/dev/zero' }, { path: 'src/index.ts', text: '' }])
        return outcome(() => vault.keys.resolve(join(clone, 'src'), undefined, 'direct'))
      },
    },
    { name: '.keyward.json is a FIFO', input: 'mkfifo .keyward.json', code: 'INVALID_INPUT', fragment: 'a FIFO (named pipe), not a regular file', run: projectFileCase('fifo', (file) => execFileSync('mkfifo', [file])) },
    { name: '.keyward.json is a directory', input: 'mkdir .keyward.json', code: 'INVALID_INPUT', fragment: 'a directory, not a regular file', run: projectFileCase('dir', (file) => mkdirSync(file)) },
    { name: '.keyward.json over 64 KiB', input: '{"profile":"other", 70 KB of padding}', code: 'INVALID_INPUT', fragment: 'larger than 65536 bytes', run: projectFileCase('big', (file) => writeFileSync(file, JSON.stringify({ profile: 'other', pad: ' '.repeat(70_000) }))) },
    {
      name: '.keyward.json planted by another uid',
      input: 'sticky dir/.keyward.json owned by uid 4242; which below it',
      code: 'exit 3',
      fragment: 'it belongs to uid 4242, neither you nor root',
      needsRoot: true,
      run: () => cli(['which', '--dir', join(plantedDir('which'), 'work')]),
    },
    {
      name: 'allow a .keyward.json planted by another uid',
      input: 'allow below sticky dir/.keyward.json (uid 4242)',
      code: 'NOT_FOUND',
      fragment: 'nothing to allow (ignored',
      needsRoot: true,
      run: () => outcome(() => vault.bindings.allow(join(plantedDir('allow'), 'work'))),
    },
    // --- issue 10: data directory, base URL, key shape ---
    ...(isRoot
      ? [
          {
            name: 'data dir owned by another uid',
            input: `KEYWARD_HOME chown ${OTHER_UID}`,
            code: 'CONFLICT',
            fragment: `belongs to another user (uid ${OTHER_UID})`,
            run: () => {
              const dir = scratch('foreign-home')
              chownSync(dir, OTHER_UID, OTHER_UID)
              return outcome(async () => createVault({ dataDir: dir, keychain: createMemoryKeychain() }))
            },
          },
          {
            name: 'config.json swapped in by another uid (their org, their base URL)',
            input: `config.json chown ${OTHER_UID}, orgs[0].baseURL https://attacker.example`,
            code: 'INVALID_INPUT',
            fragment: `belongs to another user (uid ${OTHER_UID})`,
            run: () => {
              const dir = scratch('swapped-config')
              writeFileSync(join(dir, 'config.json'), plantedConfig('https://attacker.example'), { mode: 0o666 })
              chownSync(join(dir, 'config.json'), OTHER_UID, OTHER_UID)
              return outcome(() => scratchOrgs(dir).orgs.client('org_x'))
            },
            after: () => expect(scratchClients).toEqual([]),
          } satisfies Case,
        ]
      : []),
    {
      name: 'data dir 0777 (ours)',
      input: 'KEYWARD_HOME chmod 0777',
      code: 'OK',
      fragment: '',
      run: () => {
        const dir = scratch('open-home')
        chmodSync(dir, 0o777)
        return outcome(async () => createVault({ dataDir: dir, keychain: createMemoryKeychain() }))
      },
      after: () => expect(statSync(join(world.root, 'scratch', 'open-home')).mode & 0o777).toBe(0o700),
    },
    {
      name: 'data dir in a 0777 parent (not sticky)',
      input: '<root>/open-parent (0777)/home',
      code: 'CONFLICT',
      fragment: 'other users may write (mode 0777, not sticky)',
      run: () => {
        const dir = scratch('open-parent', 'home')
        chmodSync(join(world.root, 'scratch', 'open-parent'), 0o777)
        return outcome(async () => createVault({ dataDir: dir, keychain: createMemoryKeychain() }))
      },
    },
    ...(
      [
        ['audit.jsonl', (dir: string) => createAuditLog(dir).append({ event: 'key.served', profile: 'main', directory: dir })],
        ['config.json', (dir: string) => createConfigStore(dir).update((c) => c)],
        ['config.json.lock', (dir: string) => createConfigStore(dir).update((c) => c)],
        ['budgets.json', (dir: string) => createBudgetStore(dir).read()],
        ['usage/org_1/manifest.json', (dir: string) => createUsageStore(dir).manifest('org_1')],
      ] as const
    ).map(([file, work]): Case => ({
      name: `${file} is a symlink to ~/.bash_profile`,
      input: `${file} -> ~/.bash_profile`,
      code: 'symlink refused',
      fragment: 'is a symbolic link',
      run: async () => {
        const dir = scratch(`link-${file.replace(/\W/g, '-')}`)
        mkdirSync(join(dir, file, '..'), { recursive: true, mode: 0o700 })
        symlinkSync(victim(), join(dir, file))
        const got = await outcome(() => work(dir))
        return { code: got.message.includes(`${file.split('/').pop()} is a symbolic link`) && got.message.includes('remove it') ? 'symlink refused' : got.code, message: got.message }
      },
      after: () => expect(readFileSync(victim(), 'utf8')).toBe(VICTIM_TEXT),
    })),
    { name: 'base URL plain http to another host', input: 'http://example.com', code: 'INVALID_INPUT', fragment: 'plain http:// to another machine', run: () => outcome(() => orgAdmin.orgs.add({ adminProfile: 'org-admin', baseURL: 'http://example.com' })) },
    { name: 'base URL loopback look-alike', input: 'http://127.0.0.1.evil.com', code: 'INVALID_INPUT', fragment: 'plain http:// to another machine', run: () => outcome(() => orgAdmin.orgs.add({ adminProfile: 'org-admin', baseURL: 'http://127.0.0.1.evil.com' })) },
    { name: 'base URL localhost look-alike', input: 'http://localhost.evil.com', code: 'INVALID_INPUT', fragment: 'plain http:// to another machine', run: () => outcome(() => orgAdmin.orgs.add({ adminProfile: 'org-admin', baseURL: 'http://localhost.evil.com' })) },
    { name: 'base URL with a password', input: 'https://user:pass@proxy.example', code: 'INVALID_INPUT', fragment: 'user name or password', run: () => outcome(() => orgAdmin.orgs.add({ adminProfile: 'org-admin', baseURL: 'https://user:pass@proxy.example' })) },
    { name: 'base URL of another scheme', input: 'ftp://proxy.example', code: 'INVALID_INPUT', fragment: 'only https:// is accepted', run: () => outcome(() => orgAdmin.orgs.add({ adminProfile: 'org-admin', baseURL: 'ftp://proxy.example' })) },
    {
      name: 'stored org with a plain-http base URL (tampered config.json)',
      input: 'orgs[0].baseURL http://attacker.example',
      code: 'INVALID_INPUT',
      fragment: 'Keyward sent nothing to it',
      run: () => {
        const dir = scratch('plain-http-org')
        writeFileSync(join(dir, 'config.json'), plantedConfig('http://attacker.example'), { mode: 0o600 })
        return outcome(() => scratchOrgs(dir).orgs.client('org_x'))
      },
      after: () => expect(scratchClients).toEqual([]),
    },
    {
      name: 'keyward sync with a stored org at a plain-http address that reaches this machine',
      input: 'orgs[0].baseURL http://[::ffff:127.0.0.1]:PORT (a listener counts connections)',
      code: 'exit 2',
      fragment: 'Keyward sent nothing to it',
      run: async () => {
        // Not one of the loopback spellings Keyward accepts, yet it reaches 127.0.0.1: the listener
        // proves no request was even attempted (the control connection at the end proves it would see one).
        let connections = 0
        const listener = createServer((socket) => (connections++, socket.destroy()))
        await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve))
        const port = (listener.address() as { port: number }).port
        const dir = scratch('sync-plain-http')
        writeFileSync(join(dir, 'config.json'), plantedConfig(`http://[::ffff:127.0.0.1]:${port}`), { mode: 0o600 })
        try {
          const result = await cli(['sync'], { env: { ...world.env, KEYWARD_HOME: dir } })
          const seenBySync = connections
          await new Promise<void>((resolve) => connect({ host: '::ffff:127.0.0.1', port }).on('close', () => resolve()).on('error', () => resolve()))
          if (seenBySync !== 0 || connections !== 1) return { code: `listener saw ${seenBySync} (control ${connections - seenBySync})`, message: result.message }
          return result
        } finally {
          listener.close()
        }
      },
    },
    ...(
      [
        ['a shell command', 'rm -rf ~'],
        ['a key and a second line', `${API}\nrm -rf ~`],
        ['a key with a trailing space', `${API} `],
      ] as const
    ).map(([what, junk]): Case => ({
      name: `keychain entry is ${what} (helper, no daemon)`,
      input: JSON.stringify(junk.replace(API, 'sk-ant-api03-…')),
      code: 'exit 1',
      fragment: 'profile main: the keychain entry is not an API key (it was not printed); run: keyward add main to replace it',
      run: async () => {
        const good = await keychain.get('main')
        await keychain.set('main', junk)
        try {
          const direct = async (): Promise<KeyAnswer> => ({ kind: 'key', ...(await vault.keys.resolve(project(), 'hostile', 'direct')) })
          const run = await helperRun({ ask: async () => ({ kind: 'absent' }), direct })
          return { code: run.stdout === '' && !run.stderr.includes('rm -rf') ? `exit ${run.code}` : `printed: ${run.stdout.length} bytes`, message: run.stderr }
        } finally {
          await keychain.set('main', good!)
        }
      },
    })),
    {
      name: 'keychain entry with a second line (the built helper, real Secret Service)',
      input: 'secret-service entry "<key>\\nrm -rf ~"; keyward helper',
      code: 'exit 1',
      fragment: 'the keychain entry is not an API key (it was not printed); run: keyward add',
      needsKeyring: true,
      run: async () => {
        const dir = scratch('junk-real-keychain')
        const bound = world.dir('projects', 'junk-real')
        const env = { ...world.env, KEYWARD_HOME: dir }
        const name = `hostile-junk-${process.pid}`
        await cli(['add', name, '--key-stdin'], { input: API, env })
        await cli(['use', name, '--dir', bound], { env })
        await createKeytarKeychain().set(name, `${API}\nrm -rf ~`)
        try {
          const run = await runKeyward(['helper'], { env, cwd: bound })
          if (run.stdout !== '' || run.stderr.includes('rm -rf')) return { code: `printed ${run.stdout.length} bytes`, message: run.stderr }
          return { code: `exit ${run.code}`, message: run.stderr.trim() }
        } finally {
          await cli(['remove', name, '--force'], { env })
        }
      },
    },
    {
      name: 'socket directory 0777 (helper reads the keychain itself)',
      input: '<data>/run chmod 0777 + a lying socket',
      code: 'exit 0',
      fragment: 'so its socket was not used and the keychain was read directly',
      run: async () => {
        const dir = scratch('open-run')
        const location = socketLocation(dir, {})
        mkdirSync(location.dir!, { recursive: true })
        chmodSync(location.dir!, 0o777)
        let connections = 0
        const liar = createServer((socket) => (connections++, socket.end(`${JSON.stringify({ v: 1, ok: true, profile: 'main', key: ADMIN })}\n`)))
        await new Promise<void>((resolve) => liar.listen(location.path, resolve))
        try {
          const run = await helperRun({ ask: (request) => askForKey(location, request), direct: async () => ({ kind: 'key', ...(await vault.keys.resolve(project(), 'hostile', 'direct')) }) })
          const servedRight = run.stdout === `${await keychain.get('main')}\n` && connections === 0
          return { code: servedRight ? `exit ${run.code}` : `wrong: ${connections} connections, ${run.stdout.length} bytes`, message: run.stderr }
        } finally {
          liar.close()
        }
      },
    },
    {
      name: 'budget for a person the org does not have',
      input: 'budgets.set scope user:user_01NoSuchPerson',
      code: 'NOT_FOUND',
      fragment: 'no person user_01NoSuchPerson',
      run: async () => {
        const store = createUsageStore(home)
        await createSyncService({ store, orgs: orgAdmin.orgs }).syncNow(orgId)
        const budgets = createBudgetService({ store: createBudgetStore(home), usage: createUsageQueryService({ store, attribution: emptyAttributionSource }), notifier: { notify: () => {} } })
        return outcome(() => budgets.set({ scope: { type: 'user', orgId, userId: 'user_01NoSuchPerson' }, period: 'month', limit: '5', thresholds: [50] }))
      },
      after: () => expect(existsSync(join(home, 'budgets.json')) ? readFileSync(join(home, 'budgets.json'), 'utf8') : '').not.toContain('user_01NoSuchPerson'),
    },
  ]

  it(`gives each of ${cases.length} hostile inputs its specific, actionable error and loses nothing`, async () => {
    const results: { name: string; input: string; expected: string; got: string; message: string; pass: boolean }[] = []
    const config = createConfigStore(home)
    for (const c of cases) {
      if (c.needsKeyring && !keyring.available) {
        sheet.skip(`${c.name}: ${keyring.reason}`)
        continue
      }
      if (c.needsRoot && process.getuid?.() !== 0) {
        sheet.skip(`${c.name}: files owned by a second uid need root`)
        continue
      }
      const before = await config.read().catch(() => null)
      const got: { code: string; message: string } = { ...(await c.run()) }
      let pass = got.code === c.code && (typeof c.fragment === 'string' ? got.message.includes(c.fragment) : c.fragment.test(got.message))
      try {
        await c.after?.()
      } catch (error) {
        pass = false
        got.message += ` [after: ${(error as Error).message.slice(0, 200)}]`
      }
      // Nothing lost: every profile and binding that existed before the case is still there.
      const now = await config.read().catch(() => null)
      const lost = (before?.profiles ?? []).filter((p) => !now?.profiles.some((q) => q.name === p.name)).map((p) => p.name)
      const unbound = (before?.bindings ?? []).filter((b) => !now?.bindings.some((q) => q.directory === b.directory)).map((b) => b.directory)
      if (lost.length > 0 || unbound.length > 0) {
        pass = false
        got.message += ` [lost: ${[...lost, ...unbound].join(', ')}]`
      }
      if (got.message.includes(API) || got.message.includes(ADMIN) || world.secrets.scan(c.name, got.message).length > 0) {
        pass = false
        got.message += ' [the message contains a key]'
      }
      results.push({ name: c.name, input: c.input, expected: `${c.code} / ${String(c.fragment)}`, got: got.code, message: got.message.slice(0, 300), pass })
    }
    const failed = results.filter((r) => !r.pass)
    sheet.set('cases run', results.length)
    sheet.set('cases failed', failed.length)
    for (const r of results) sheet.note(`case: ${r.name} | ${r.input.replace(world.root, '<tmp>')} | expected ${r.expected} | got ${r.got} | ${r.pass ? 'pass' : 'FAIL'}`)
    for (const r of failed) {
      sheet.note(`FAILED: ${r.name} (${r.input}): expected ${r.expected}, got ${r.got}: ${r.message.replace(world.root, '<tmp>')}`)
      console.log(`hostile input FAILED: ${r.name}: expected ${r.expected}, got ${r.got}: ${r.message}`)
    }
    expect(existsSync(join(home, 'config.json'))).toBe(true)
    chmodSync(home, 0o700)
    expect(results.length).toBeGreaterThanOrEqual(30)
    expect(failed.map((r) => `${r.name}: expected ${r.expected}, got ${r.got}: ${r.message}`)).toEqual([])
  }, 120_000)
})
