import { execFileSync } from 'node:child_process'
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { connect, createServer } from 'node:net'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isKeywardError } from '../../shared/errors'
import { type HelperDeps, runHelper } from '../../electron/cli/commands/helper'
import { createOrgAdmin } from '../../electron/core/org/admin/org-admin'
import { createAuditLog } from '../../electron/core/platform/audit/audit-log'
import { budgetsNaming, createBudgetStore } from '../../electron/core/usage/budgets/budget-store'
import { createChannelsModule } from '../../electron/core/alerts/channels/channels-module'
import { createBudgetService } from '../../electron/core/usage/budgets/budget-service'
import { createSyncService } from '../../electron/core/usage/sync-service'
import { createConfigStore } from '../../electron/core/platform/config/config-store'
import { startEmulator } from '../../electron/emulator'
import { createAdminClient } from '../../electron/core/org/orgs/admin-client'
import { type KeyAnswer, askForKey } from '../../electron/core/serving/socket/socket-client'
import { linuxProcess } from '../../electron/core/serving/peer/linux-peer'
import { UNIDENTIFIED } from '../../electron/core/serving/peer/peer-identity'
import { handleRequestLine } from '../../electron/core/serving/socket/socket-handler'
import { socketLocation } from '../../electron/core/serving/socket/socket-path'
import { createUsageModule } from '../../electron/core/usage/usage-module'
import { createUsageStore } from '../../electron/core/usage/usage-store'
import { emptyAttributionSource } from '../../electron/core/usage/attribution'
import { projectUsage } from '../../electron/core/usage/usage-projection'
import { createUsageQueryService } from '../../electron/core/usage/usage-service'
import { createSpikeService } from '../../electron/core/usage/spike/spike-service'
import { createSpikeStore } from '../../electron/core/usage/spike/spike-store'
import { createKeytarKeychain } from '../../electron/core/vault/keychain'
import { createMemoryKeychain } from '../../electron/core/vault/memory-keychain'
import { createVault } from '../../electron/core/vault/vault'
import { createVaultSession } from '../../electron/core/vault/file/vault-session'
import { encryptVault, vaultPath, writeVaultFile } from '../../electron/core/vault/file/vault-file'
import { readPassphraseFile } from '../../electron/cli/passphrase'
import { startForwardSocketServer } from '../../electron/core/serving/forward/forward-server'
import { askForwarded } from '../../electron/cli/helper-forwarded'
import { startSshRelay } from '../../electron/cli/ssh/ssh-relay'
import { createRouter } from '../../electron/core/router'
import { stubHandlers } from '../../electron/core/stub-handlers'
import { type RepoEntry, cloneHostileRepo, snapshotTree } from '../support/hostile-repo'
import { type RogueAdminApi, startRogueAdminApi } from '../support/rogue-admin-api'
import { secretServiceAvailable } from '../support/keyring'
import { runKeyward } from './support/cli'
import { amountRows, doctorHelperRows } from './support/helper-and-amount-cases'
import { figureSheet } from './support/figures'
import { type World, makeWorld } from './support/world'
import { channelSecretAccount, profileKeyAccount } from '../../electron/core/vault/secret-accounts'
import { createSocketVaultOps } from '../../electron/core/serving/socket/vault-ops'
import { runVaultMigrate } from '../../electron/cli/commands/vault'

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
  /** A listener of an attacker's choosing that answers with the real org's id (a leaked dashboard URL aims orgs.add at it). */
  let rogue: RogueAdminApi
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
    rogue = await startRogueAdminApi({ id: orgId, name: emulator.state.org.name })
  }, 60_000)

  afterAll(async () => {
    await rogue?.close()
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

  /** A data dir whose keys are in a file vault holding `main` (work factor 10: fast). */
  const VAULT_PASS = 'hostile vault passphrase'
  const fileVaultHome = async (name: string): Promise<{ dir: string; path: string; env: NodeJS.ProcessEnv }> => {
    const dir = scratch(name)
    const path = vaultPath(dir)
    await writeVaultFile(path, await encryptVault(VAULT_PASS, new Map([['main', API]]), 10))
    await createConfigStore(dir).update((c) => ({ ...c, vault: { backend: 'file' } }))
    return { dir, path, env: { ...world.env, KEYWARD_HOME: dir, KEYWARD_VAULT_SCRYPT_LOG_N: '10' } }
  }
  /** The file-vault rows: each checks afterwards that the vault file (or its backup) holds what it held. */
  const fileVaultCases = (): Case[] => {
    const unchanged = (path: string, bytes: () => Buffer) => () => expect(readFileSync(path)).toEqual(bytes())
    let wrong: { path: string; bytes: Buffer } | undefined
    const tampered = (name: string, change: (good: Buffer) => Buffer | Promise<Buffer>) => {
      let saved: { path: string; bytes: Buffer } | undefined
      return {
        run: async () => {
          const { path } = await fileVaultHome(name)
          const bytes = Buffer.from(await change(readFileSync(path)))
          writeFileSync(path, bytes)
          saved = { path, bytes }
          return outcome(() => createVaultSession({ path }).unlock(VAULT_PASS))
        },
        after: () => unchanged(saved!.path, () => saved!.bytes)(),
      }
    }
    let initHome: { dir: string; path: string; env: NodeJS.ProcessEnv } | undefined
    let initBytes: Buffer | undefined
    return [
      {
        name: 'file vault: wrong passphrase',
        input: 'keyward unlock with the wrong passphrase',
        code: 'NOT_ALLOWED',
        fragment: 'wrong passphrase for the file vault',
        run: async () => {
          const { path } = await fileVaultHome('vault-wrong')
          wrong = { path, bytes: readFileSync(path) }
          return outcome(() => createVaultSession({ path }).unlock('not the passphrase'))
        },
        after: () => unchanged(wrong!.path, () => wrong!.bytes)(),
      },
      { name: 'file vault: not an age file', input: 'vault.age = "{}"', code: 'CONFIG_CORRUPT', fragment: 'it is not an age file. It was left in place', ...tampered('vault-garbage', () => Buffer.from('{}')) },
      { name: 'file vault: a newer age format', input: 'age-encryption.org/v2 header', code: 'CONFIG_CORRUPT', fragment: 'newer age format', ...tampered('vault-age-v2', (good) => Buffer.from(good.toString('latin1').replace('age-encryption.org/v1', 'age-encryption.org/v2'), 'latin1')) },
      {
        name: 'file vault: from a newer Keyward',
        input: 'plaintext {"format":"keyward-vault","version":2}',
        code: 'CONFIG_CORRUPT',
        fragment: 'written by a newer Keyward',
        ...tampered('vault-newer', async () => {
          const { Encrypter } = await import('age-encryption')
          const encrypter = new Encrypter()
          encrypter.setPassphrase(VAULT_PASS)
          encrypter.setScryptWorkFactor(10)
          return Buffer.from(await encrypter.encrypt(JSON.stringify({ format: 'keyward-vault', version: 2, secrets: {} })))
        }),
      },
      { name: 'file vault: truncated', input: 'vault.age cut 9 bytes short', code: 'CONFIG_CORRUPT', fragment: 'it may be truncated or damaged', ...tampered('vault-truncated', (good) => good.subarray(0, good.length - 9)) },
      {
        name: 'file vault: a crash mid-rewrite left a partial temp file',
        input: '.vault.age.<pid>.<rand>.tmp holding half a vault',
        code: 'OK',
        fragment: '',
        run: async () => {
          const { path } = await fileVaultHome('vault-crashed')
          const good = readFileSync(path)
          writeFileSync(join(path, '..', `.vault.age.99999.abcdef.tmp`), good.subarray(0, 40))
          return outcome(async () => {
            const session = createVaultSession({ path })
            await session.unlock(VAULT_PASS)
            if ((await session.keychain.get(profileKeyAccount('main'))) !== API) throw new Error('the previous version did not survive')
          })
        },
      },
      {
        name: 'passphrase file readable by group and others',
        input: 'keyward unlock --passphrase-file FILE (mode 0644)',
        code: 'NOT_ALLOWED',
        fragment: 'is readable by others (mode 644); it was not used; run: chmod 600',
        run: () => {
          const file = join(scratch('passphrase-loose'), 'passphrase')
          writeFileSync(file, VAULT_PASS, { mode: 0o644 })
          chmodSync(file, 0o644)
          return outcome(() => readPassphraseFile(file))
        },
      },
      {
        name: 'keyward unlock with no daemon running',
        input: 'keyward unlock --passphrase-stdin',
        code: 'exit 6',
        fragment: 'no Keyward daemon is running',
        run: async () => cli(['unlock', '--passphrase-stdin'], { env: (await fileVaultHome('vault-no-daemon')).env, input: VAULT_PASS }),
      },
      {
        name: 'keyward helper with the file vault and no daemon',
        input: 'keyward helper (file backend, nothing unlocked)',
        code: 'exit 4',
        fragment: 'the file vault is locked: no Keyward daemon is running to hold it',
        run: async () => {
          const home = await fileVaultHome('vault-helper-locked')
          await createConfigStore(home.dir).update((c) => ({ ...c, profiles: [{ name: 'main', kind: 'api', hint: 'sk-ant-api03-QQ…QQAA', tags: [], createdAt: '2026-01-01T00:00:00.000Z', rotatedAt: null }], defaultProfile: 'main' }))
          return cli(['helper'], { env: home.env })
        },
      },
      {
        name: 'keyward vault init over an existing vault',
        input: 'keyward vault init --backend file',
        code: 'exit 1',
        fragment: 'a file vault already exists',
        run: async () => {
          initHome = await fileVaultHome('vault-init-again')
          initBytes = readFileSync(initHome.path)
          return cli(['vault', 'init', '--backend', 'file', '--passphrase-stdin'], { env: initHome.env, input: 'another passphrase' })
        },
        after: () => unchanged(initHome!.path, () => initBytes!)(),
      },
      {
        name: 'keyward vault init --force over an existing vault',
        input: 'keyward vault init --backend file --force',
        code: 'exit 0',
        fragment: '',
        run: () => cli(['vault', 'init', '--backend', 'file', '--force', '--passphrase-stdin'], { env: initHome!.env, input: 'another passphrase' }),
        after: () => {
          const backups = readdirSync(initHome!.dir).filter((f) => f.startsWith('vault.age.bak-'))
          expect(backups).toHaveLength(1)
          expect(readFileSync(join(initHome!.dir, backups[0]!))).toEqual(initBytes)
        },
      },
      {
        name: 'file vault: a socket client names an account that is no kind of Keyward secret',
        input: '{"op":"vault-set","account":"stray:x",…} to the unlocked daemon',
        code: 'INVALID_INPUT',
        fragment: 'is not the name of a secret Keyward keeps',
        ...(() => {
          let saved: { path: string; bytes: Buffer } | undefined
          return {
            run: async () => {
              const { path } = await fileVaultHome('vault-stray-account')
              saved = { path, bytes: readFileSync(path) }
              const session = createVaultSession({ path })
              await session.unlock(VAULT_PASS)
              return outcome(() => createSocketVaultOps(session).handle({ v: 1, op: 'vault-set', account: 'stray:x', secret: 'planted' }, null))
            },
            after: () => unchanged(saved!.path, () => saved!.bytes)(),
          }
        })(),
      },
      {
        name: 'file vault: an entry that is no kind of Keyward secret, migrated to the keychain',
        input: 'vault.age {"main": …, "stray:x": …}; keyward vault migrate --to keychain',
        code: 'INVALID_INPUT',
        fragment: '"stray:x" is not the name of a secret Keyward keeps',
        ...(() => {
          const target = createMemoryKeychain()
          let home: Awaited<ReturnType<typeof fileVaultHome>> | undefined
          return {
            run: async () => {
              home = await fileVaultHome('vault-stray-entry')
              await writeVaultFile(home.path, await encryptVault(VAULT_PASS, new Map([['main', API], ['stray:x', 'planted']]), 10))
              const stdin = new PassThrough()
              stdin.end(VAULT_PASS)
              const io = { stdout: { write: () => {} }, stderr: { write: () => {} }, stdin, env: home.env, cwd: home.dir }
              const config = createConfigStore(home.dir)
              return outcome(() => runVaultMigrate({ action: 'migrate', to: 'keychain', passphraseStdin: true, json: true }, io, target, config))
            },
            after: () => {
              // Nothing moved, nothing switched: the file vault is still the backend, whole.
              expect(target.entries.size).toBe(0)
              expect(JSON.parse(readFileSync(join(home!.dir, 'config.json'), 'utf8')).vault).toEqual({ backend: 'file' })
              expect(existsSync(home!.path)).toBe(true)
            },
          }
        })(),
      },
    ]
  }
  const HELLO = `${JSON.stringify({ v: 1, op: 'forwarded', host: 'dev@box', session: 'ab'.repeat(16) })}\n`
  /**
   * Writes `chunks` (spaced by `gapMs`) to a fresh forwarding socket over the vault's key service, as
   * a hostile remote behind ssh would, and returns its first reply as an outcome; short timeouts.
   */
  const forwardPeer = async (chunks: (string | Buffer)[], gapMs = 0): Promise<Outcome> => {
    const dir = scratch(`forward-${Math.random().toString(16).slice(2, 8)}`)
    const path = join(dir, 'forward.sock')
    const server = await startForwardSocketServer({ keys: vault.keys, location: { path, dir, kind: 'data' }, helloTimeoutMs: 300, limits: { readTimeoutMs: 300, idleTimeoutMs: 2_000 } })
    try {
      return await exchangeRaw(path, chunks, gapMs)
    } finally {
      await server.close()
    }
  }
  const exchangeRaw = (path: string, chunks: (string | Buffer)[], gapMs: number): Promise<Outcome> =>
    new Promise((resolve) => {
      const socket = connect(path)
      let buffered = ''
      const timer = setTimeout(() => finish({ code: 'NO ANSWER', message: buffered }), 5_000)
      const finish = (result: Outcome) => {
        clearTimeout(timer)
        socket.destroy()
        resolve(result)
      }
      socket.setEncoding('utf8')
      socket.on('error', (error) => finish({ code: `SOCKET ${(error as NodeJS.ErrnoException).code}`, message: error.message }))
      socket.on('data', (chunk: string) => {
        buffered += chunk
        const newline = buffered.indexOf('\n')
        if (newline === -1) return
        const reply = JSON.parse(buffered.slice(0, newline)) as { ok: boolean; error?: { code: string; message: string } }
        finish(reply.ok ? { code: 'OK', message: buffered.slice(0, newline) } : { code: reply.error!.code, message: reply.error!.message })
      })
      void (async () => {
        for (const chunk of chunks) {
          if (socket.destroyed) return
          socket.write(chunk)
          if (gapMs > 0) await new Promise((r) => setTimeout(r, gapMs))
        }
      })()
    })
  /** A socket file nobody listens on (a forwarded socket left behind by a session that ended). */
  const staleSocket = (path: string): string => {
    execFileSync('python3', ['-c', 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])', path])
    return path
  }
  const forwardedHelper = async (path: string): Promise<Outcome> => {
    const answer = await askForwarded(home, path, { cwd: project(), profile: 'main' })
    return answer.kind === 'error' ? { code: answer.code, message: answer.message } : { code: answer.kind, message: '' }
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
        const secret = await keychain.get(profileKeyAccount('main'))
        await keychain.delete(profileKeyAccount('main'))
        const result = await outcome(() => vault.keys.resolve(project(), undefined, 'direct'))
        await keychain.set(profileKeyAccount('main'), secret!)
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
    // --- hostile repositories: links, FIFOs and foreign files where Claude Code settings and .keyward.json live ---
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
    // --- the data directory another user could swap, base URLs that could carry the Admin key away, key shapes ---
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
    {
      name: 'leaked dashboard token: orgs.add aims an org\'s Admin key at a listener',
      input: 'POST /rpc orgs.add { adminProfile: org-admin, baseURL: rogue }',
      code: 'NOT_ALLOWED',
      fragment: 'keyward orgs add PROFILE',
      run: async () => {
        const router = createRouter(stubHandlers(orgAdmin.handlers))
        const result = await router.call('orgs.add', { adminProfile: 'org-admin', baseURL: rogue.url }, { transport: 'http' })
        return result.ok ? { code: 'OK', message: '' } : result.error
      },
      after: async () => {
        expect(rogue.requests).toEqual([])
        expect((await orgAdmin.orgs.get(orgId)).baseURL).toBe(emulator.baseURL)
      },
    },
    {
      name: 'orgs add moving a stored org to another URL, no --replace and no terminal',
      input: 'orgs add org-admin --base-url rogue',
      code: 'CONFLICT',
      fragment: '--replace',
      run: () => outcome(() => orgAdmin.orgs.add({ adminProfile: 'org-admin', baseURL: rogue.url })),
      after: async () => {
        expect(rogue.requests).toEqual([])
        expect((await orgAdmin.orgs.get(orgId)).baseURL).toBe(emulator.baseURL)
      },
    },
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
        const good = await keychain.get(profileKeyAccount('main'))
        await keychain.set(profileKeyAccount('main'), junk)
        try {
          const direct = async (): Promise<KeyAnswer> => ({ kind: 'key', ...(await vault.keys.resolve(project(), 'hostile', 'direct')) })
          const run = await helperRun({ ask: async () => ({ kind: 'absent' }), direct })
          return { code: run.stdout === '' && !run.stderr.includes('rm -rf') ? `exit ${run.code}` : `printed: ${run.stdout.length} bytes`, message: run.stderr }
        } finally {
          await keychain.set(profileKeyAccount('main'), good!)
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
        await createKeytarKeychain().set(profileKeyAccount(name), `${API}\nrm -rf ~`)
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
          const servedRight = run.stdout === `${await keychain.get(profileKeyAccount('main'))}\n` && connections === 0
          return { code: servedRight ? `exit ${run.code}` : `wrong: ${connections} connections, ${run.stdout.length} bytes`, message: run.stderr }
        } finally {
          liar.close()
        }
      },
    },
    // The file vault: every bad input refused with what to do, the vault file untouched.
    ...fileVaultCases(),
    // Alert channels: each refusal saves nothing, neither in channels.json nor in the keychain.
    ...((): Case[] => {
      let made: string | undefined
      /** Made on first use: the rows are built before the world exists. */
      const dir = (): string => (made ??= scratch('channels'))
      const chKeychain = createMemoryKeychain()
      const channels = () => createChannelsModule({ dataDir: dir(), keychain: chKeychain, log: () => {}, usedBy: (n) => budgetsNaming(createBudgetStore(dir()), n) })
      const nothingSaved = (name: string) => async () => {
        if ((await channels().service.names()).includes(name)) throw new Error(`channel ${name} was saved`)
        if (chKeychain.entries.has(channelSecretAccount(name))) throw new Error(`a secret for ${name} was saved`)
      }
      const webhook = (name: string, url: string) => () => outcome(() => channels().service.addWebhook({ name, url, format: 'slack' }))
      const email = (name: string, smtpUrl: string, to = ['ops@acme.dev']) => () => outcome(() => channels().service.addEmail({ name, smtpUrl, to, allowPlaintext: false }))
      return [
        { name: 'webhook over plain http to another host', input: '--webhook http://hooks.example.com/…', code: 'INVALID_INPUT', fragment: 'uses plain http to hooks.example.com', run: webhook('h1', 'http://hooks.example.com/services/T/B/X'), after: nothingSaved('h1') },
        { name: 'webhook that is not http at all', input: '--webhook file:///etc/passwd', code: 'INVALID_INPUT', fragment: 'must start with https://', run: webhook('h2', 'file:///etc/passwd'), after: nothingSaved('h2') },
        { name: 'SMTP without TLS to another host', input: '--smtp smtp://mail.example.com', code: 'INVALID_INPUT', fragment: 'without TLS; use smtps://mail.example.com', run: email('m1', 'smtp://mail.example.com'), after: nothingSaved('m1') },
        { name: 'SMTP recipient with a header injected', input: '--to "ops@acme.dev\\r\\nBcc: x@evil"', code: 'INVALID_INPUT', fragment: 'is not an e-mail address like ops@example.com', run: email('m2', 'smtps://mail.acme.dev', ['ops@acme.dev\r\nBcc: x@evil.example']), after: nothingSaved('m2') },
        { name: 'channel name with a path in it', input: 'channels add ../../x', code: 'INVALID_INPUT', fragment: 'a channel name is 1 to 40 lowercase letters', run: webhook('../../x', 'https://hooks.slack.com/services/T/B/X') },
        {
          name: 'SMTP password in the URL (moved to the vault, not written to channels.json)',
          input: '--smtp smtps://alerts:hunter2-secret@mail.acme.dev',
          code: 'OK',
          fragment: '',
          run: email('m3', 'smtps://alerts:hunter2-secret@mail.acme.dev'),
          after: () => {
            if (readFileSync(join(dir(), 'channels.json'), 'utf8').includes('hunter2')) throw new Error('the password is in channels.json')
            if (!chKeychain.entries.get(channelSecretAccount('m3'))?.includes('hunter2-secret')) throw new Error('the password is not in the vault')
          },
        },
        {
          name: 'duplicate channel name',
          input: 'channels add m3 … (m3 exists)',
          code: 'ALREADY_EXISTS',
          fragment: 'a channel named m3 already exists',
          run: webhook('m3', 'https://hooks.slack.com/services/T/B/Y'),
          after: () => {
            if (!chKeychain.entries.get(channelSecretAccount('m3'))?.includes('hunter2-secret')) throw new Error('the first channel lost its secret')
          },
        },
        {
          name: 'budget naming a channel that does not exist',
          input: 'budgets set … --channels m3,pager',
          code: 'INVALID_INPUT',
          fragment: 'names a channel that does not exist: pager',
          run: async () => {
            const before = existsSync(join(dir(), 'budgets.json')) ? readFileSync(join(dir(), 'budgets.json'), 'utf8') : null
            const usage = createUsageModule({ dataDir: dir(), orgs: orgAdmin.orgs, config: vault.config, notifier: { notify: () => {} }, log: () => {}, channels: channels().service })
            const got = await outcome(() => usage.budgets.set({ scope: { type: 'org', orgId }, period: 'month', limit: '100', thresholds: [100], channels: ['m3', 'pager'] }))
            usage.close()
            const after = existsSync(join(dir(), 'budgets.json')) ? readFileSync(join(dir(), 'budgets.json'), 'utf8') : null
            return after === before ? got : { code: 'SAVED', message: 'budgets.json changed' }
          },
        },
        {
          name: 'channels.json planted as a link to the login script',
          input: '<data>/channels.json -> ~/.bash_profile',
          code: 'INVALID_INPUT',
          fragment: 'is a symbolic link; Keyward never follows links',
          run: async () => {
            const linked = scratch('channels-link')
            symlinkSync(victim(), join(linked, 'channels.json'))
            return outcome(() => createChannelsModule({ dataDir: linked, keychain: createMemoryKeychain(), log: () => {} }).service.addWebhook({ name: 'x', url: 'https://hooks.slack.com/services/T/B/X', format: 'slack' }))
          },
          after: () => {
            if (readFileSync(victim(), 'utf8') !== VICTIM_TEXT) throw new Error('the login script changed')
          },
        },
      ]
    })(),
    // Keys forwarded over SSH: the forwarding socket's peer is a remote machine behind ssh.
    { name: 'forwarding socket: garbage instead of the hello', input: '\\x00\\xff garbage\\n', code: 'INVALID_INPUT', fragment: 'a connection starts with the hello of keyward ssh', run: () => forwardPeer([Buffer.from([0, 0xff, 0x67, 0x0a])]) },
    { name: 'forwarding socket: a hello forging a host with spaces', input: '{"op":"forwarded","host":"evil host"…}', code: 'INVALID_INPUT', fragment: 'starts with the hello of keyward ssh', run: () => forwardPeer([`${JSON.stringify({ v: 1, op: 'forwarded', host: 'evil host', session: 'ab'.repeat(16) })}\n`]) },
    { name: 'forwarding socket: an oversized hello', input: '64 KiB without a newline', code: 'INVALID_INPUT', fragment: 'the hello line is too long', run: () => forwardPeer(['x'.repeat(64 * 1024)]) },
    { name: 'forwarding socket: an oversized request after the hello', input: 'hello + 64 KiB line', code: 'INVALID_INPUT', fragment: 'longer than 8192 bytes', run: () => forwardPeer([HELLO, `${'y'.repeat(64 * 1024)}\n`]) },
    { name: 'forwarding socket: slow peer (half a hello, then silence)', input: '{"v":1,', code: 'INVALID_INPUT', fragment: 'no hello within the time allowed', run: () => forwardPeer(['{"v":1,']) },
    { name: 'forwarding socket: slow peer (half a request after the hello)', input: 'hello + {"v":1,"op":', code: 'TIMEOUT', fragment: 'was not finished within 300 ms', run: () => forwardPeer([HELLO, '{"v":1,"op":']) },
    { name: 'forwarding socket: a request that names no profile', input: 'resolve without profile', code: 'INVALID_INPUT', fragment: 'keyward use NAME --dir DIR', run: () => forwardPeer([HELLO, `${JSON.stringify({ v: 1, op: 'resolve', cwd: '/srv/app' })}\n`]) },
    { name: 'forwarding socket: a profile that is not forwardable', input: 'resolve main (not forwardable)', code: 'NOT_ALLOWED', fragment: 'on the laptop, run: keyward forward main', run: () => forwardPeer([HELLO, `${JSON.stringify({ v: 1, op: 'resolve', cwd: '/srv/app', profile: 'main' })}\n`]) },
    { name: 'forwarding socket: probing for a profile that does not exist', input: 'resolve nope', code: 'NOT_ALLOWED', fragment: 'not marked forwardable, or no such profile', run: () => forwardPeer([HELLO, `${JSON.stringify({ v: 1, op: 'resolve', cwd: '/srv/app', profile: 'nope' })}\n`]) },
    {
      name: 'forwarded helper, laptop unreachable (socket left by an ended session)',
      input: 'stale /tmp/keyward-forward-USER.sock',
      code: 'UNAVAILABLE',
      fragment: 'does not answer on',
      run: () => forwardedHelper(staleSocket(join(scratch('stale-forward'), 'f.sock'))),
    },
    { name: 'forwarded helper, KEYWARD_SOCKET names nothing', input: 'KEYWARD_SOCKET=/nonexistent', code: 'UNAVAILABLE', fragment: 'reconnect from the laptop with: keyward ssh HOST', run: () => forwardedHelper(join(world.root, 'no-such.sock')) },
    {
      name: 'forwarded socket owned by another uid',
      input: 'f.sock chown 4242',
      code: 'UNAVAILABLE',
      fragment: 'belongs to another user (uid 4242), so no key was asked from it',
      needsRoot: true,
      run: () => {
        const path = staleSocket(join(scratch('foreign-forward'), 'f.sock'))
        chownSync(path, OTHER_UID, OTHER_UID)
        return forwardedHelper(path)
      },
    },
    {
      name: 'keyward ssh relay when the laptop app or daemon stopped mid-session',
      input: 'relay upstream gone',
      code: 'UNAVAILABLE',
      fragment: 'is not running any more',
      run: async () => {
        const dir = scratch('relay')
        const relay = await startSshRelay({ path: join(dir, 'r.sock'), upstream: join(dir, 'gone.sock'), hello: { v: 1, op: 'forwarded', host: 'dev@box', session: 'cd'.repeat(16) } })
        try {
          return await exchangeRaw(relay.path, [`${JSON.stringify({ v: 1, op: 'resolve', cwd: '/srv', profile: 'main' })}\n`], 0)
        } finally {
          await relay.close()
        }
      },
    },
    { name: 'keyward usage with an impossible date', input: 'usage --from 2026-13-01', code: 'exit 2', fragment: '--from "2026-13-01" is not a valid date', run: () => cli(['usage', '--from', '2026-13-01']) },
    // Review and offboarding
    { name: 'review accept without a reason', input: 'keyward review accept x:1', code: 'exit 2', fragment: '--reason', run: () => cli(['review', 'accept', 'x:1']) },
    { name: 'review accept with an essay', input: '--reason <200 chars>', code: 'exit 2', fragment: 'at most 120 characters', run: () => cli(['review', 'accept', 'x:1', '--reason', 'x'.repeat(200)]) },
    { name: 'review fix with a formatted amount', input: '--limit 1,000', code: 'exit 2', fragment: 'amount in dollars', run: () => cli(['review', 'fix', 'x:1', '--limit', '1,000']) },
    { name: 'offboard a name, not an email', input: 'keyward offboard "Ada Lovelace"', code: 'exit 2', fragment: 'not an email address', run: () => cli(['offboard', 'Ada Lovelace']) },
    {
      name: 'month-end projection before any usage is synced',
      input: 'usage.projection on an empty cache',
      code: 'NOT_FOUND',
      fragment: 'there is nothing to project from: no usage has been synced yet; run: keyward sync',
      run: () => {
        const queries = createUsageQueryService({ store: createUsageStore(scratch('no-usage')), attribution: emptyAttributionSource })
        return outcome(() => projectUsage(queries, { timeZone: 'UTC', groupBy: 'key', now: new Date('2026-04-20T12:00:00Z') }))
      },
    },
    ...(['0.5', '1e3'] as const).map((multiplier): Case => ({
      name: `spike rule multiplier ${multiplier}`,
      input: `alerts.setSpikeRule { multiplier: ${multiplier} }`,
      code: 'INVALID_INPUT',
      fragment: 'multiplier: use a number from 1.5 to 1000',
      run: () => {
        const dir = scratch(`spike-multiplier-${multiplier}`)
        const spikes = createSpikeService({ store: createSpikeStore(dir), usage: createUsageQueryService({ store: createUsageStore(dir), attribution: emptyAttributionSource }), notifier: { notify: () => {} } })
        return outcome(() => spikes.setRule({ multiplier: multiplier === '0.5' ? 0.5 : 1e4 }))
      },
    })),
    {
      name: 'spike rule naming an unknown channel (nothing half-saved)',
      input: 'alerts.setSpikeRule { multiplier: 8, channels: ["nope"] }',
      code: 'NOT_FOUND',
      fragment: 'there is no alert channel named "nope"; list them with: keyward channels list',
      run: () => {
        const dir = scratch('spike-channel')
        const spikes = createSpikeService({
          store: createSpikeStore(dir),
          usage: createUsageQueryService({ store: createUsageStore(dir), attribution: emptyAttributionSource }),
          notifier: { notify: () => {} },
          knownChannels: async () => ['ops'],
        })
        return outcome(() => spikes.setRule({ multiplier: 8, channels: ['nope'] }))
      },
      after: () => expect(existsSync(join(world.root, 'scratch', 'spike-channel', 'spike-alerts.json'))).toBe(false),
    },
    {
      name: 'spike-alerts.json damaged',
      input: '<data>/spike-alerts.json = "{"',
      code: 'CONFIG_CORRUPT',
      fragment: 'could not be read; fix it or delete it to start again with the default rule',
      run: () => {
        const dir = scratch('spike-corrupt')
        writeFileSync(join(dir, 'spike-alerts.json'), '{', { mode: 0o600 })
        return outcome(() => createSpikeStore(dir).read())
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
    ...doctorHelperRows((...parts) => world.dir(...parts)),
    ...amountRows(() => emulator, (...parts) => world.dir(...parts)),
    {
      name: 'usage report whose pages never end (sync)',
      input: 'GET /v1/organizations/analytics/usage: has_more and a fresh cursor, always',
      code: 'UNAVAILABLE',
      fragment: 'kept returning more pages for /v1/organizations/analytics/usage after',
      run: async () => {
        const store = createUsageStore(home)
        const sync = createSyncService({ store, orgs: orgAdmin.orgs, maxRetries: 0 })
        await sync.syncNow(orgId)
        const before = JSON.stringify(await store.manifest(orgId))
        emulator.faults.set('GET /v1/organizations/analytics/usage', { kind: 'endless' })
        try {
          const [status] = await sync.syncNow(orgId)
          if (JSON.stringify(await store.manifest(orgId)) !== before) return { code: 'CACHE CHANGED', message: '' }
          return status?.lastError ?? { code: 'OK', message: '' }
        } finally {
          emulator.faults.clear()
        }
      },
    },
    {
      name: 'admin list whose pages never end (Review, offboarding, key matching)',
      input: 'GET /v1/organizations/api_keys: has_more and a fresh last_id, always',
      code: 'UNAVAILABLE',
      fragment: 'kept returning more pages for /v1/organizations/api_keys after 105 pages',
      run: async () => {
        emulator.faults.set('GET /v1/organizations/api_keys', { kind: 'endless' })
        try {
          return await outcome(() => orgAdmin.admin.listAllApiKeys(orgId))
        } finally {
          emulator.faults.clear()
        }
      },
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
