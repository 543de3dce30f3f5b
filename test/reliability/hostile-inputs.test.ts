import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isKeywardError } from '../../shared/errors'
import { createOrgAdmin } from '../../electron/core/admin/org-admin'
import { createConfigStore } from '../../electron/core/config/config-store'
import { startEmulator } from '../../electron/core/emulator'
import { createAdminClient } from '../../electron/core/orgs/admin-client'
import { linuxProcess } from '../../electron/core/socket/peer/linux-peer'
import { UNIDENTIFIED } from '../../electron/core/socket/peer/peer-identity'
import { handleRequestLine } from '../../electron/core/socket/socket-handler'
import { createUsageStore } from '../../electron/core/usage/usage-store'
import { createMemoryKeychain } from '../../electron/core/vault/memory-keychain'
import { createVault } from '../../electron/core/vault/vault'
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
  /** A bug found in another module and reported to its owner: a failure is recorded and printed, not failed on. */
}

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
    { name: 'config.json is a directory', input: 'config.json/', code: 'INTERNAL', fragment: 'check that it is yours and readable', run: withConfigText(null, () => vault.profiles.list()) },
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
  ]

  it(`gives each of ${cases.length} hostile inputs its specific, actionable error and loses nothing`, async () => {
    const results: { name: string; input: string; expected: string; got: string; message: string; pass: boolean }[] = []
    const config = createConfigStore(home)
    for (const c of cases) {
      if (c.needsKeyring && !keyring.available) {
        sheet.skip(`${c.name}: ${keyring.reason}`)
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
