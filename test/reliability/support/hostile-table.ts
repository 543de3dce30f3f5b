import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isKeywardError } from '../../../shared/errors'
import { type HelperDeps, runHelper } from '../../../electron/cli/fast/helper'
import { type OrgAdmin, createOrgAdmin } from '../../../electron/core/org/admin/org-admin'
import { createAdminClient } from '../../../electron/core/org/orgs/admin-client'
import { createConfigStore } from '../../../electron/core/platform/config/config-store'
import { type MemoryKeychain, createMemoryKeychain } from '../../../electron/core/vault/memory-keychain'
import { type Vault, createVault } from '../../../electron/core/vault/vault'
import { type EmulatorHandle, startEmulator } from '../../../electron/emulator'
import { secretServiceAvailable } from '../../support/keyring'
import { type RogueAdminApi, startRogueAdminApi } from '../../support/rogue-admin-api'
import { runKeyward } from './cli'
import { figureSheet } from './figures'
import { type World, createWorld } from './world'

/*
 * The hostile-input catalogue, one table per area (test/reliability/hostile-inputs/*.test.ts):
 * each case names its input, the error code it must get and a fragment of the message that tells
 * the user what to do, and is one test; after each, the profiles and bindings that existed are all
 * still there (nothing lost) and the message holds no key. Each area writes its rows to its own
 * sheet, `hostile-inputs-<area>.json`, which scripts/reliability-report.mjs renders into
 * docs/reliability.md.
 */

/** What a case produced: a coded error (or OK), and its message. */
export interface Outcome {
  readonly code: string
  readonly message: string
}

/** One row of the catalogue. */
export interface Case {
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
}

/** Another uid for the data-directory rows; chown to it needs root (else those rows are skipped, printed). */
export const OTHER_UID = 4242
export const isRoot = process.getuid?.() === 0
export const VICTIM_TEXT = '# ~/.bash_profile\nexport EDITOR=vi\n'

export const apiBody = 'Q'.repeat(80) + 'AA'
export const API = `sk-ant-api03-${apiBody}`
export const ADMIN = `sk-ant-admin01-${apiBody}`

/** Runs `work` and reports its coded error (or OK), an uncoded error by its name. */
export async function outcome(work: () => Promise<unknown>): Promise<Outcome> {
  try {
    await work()
    return { code: 'OK', message: '' }
  } catch (error) {
    if (isKeywardError(error)) return { code: error.code, message: error.message }
    return { code: `UNCODED ${(error as Error).name}`, message: (error as Error).message }
  }
}

/**
 * The world every area's cases run in: a data directory with profiles `main` (bound to
 * project()) and `other` (API keys) and `org-admin` (the emulator's Admin key), the emulated org
 * added, and a rogue listener answering with that org's id. Read its fields inside a case's
 * run/after: they exist once the area's beforeAll has run.
 */
export interface HostileWorld {
  readonly world: World
  readonly home: string
  readonly vault: Vault
  readonly keychain: MemoryKeychain
  readonly emulator: EmulatorHandle
  readonly orgAdmin: OrgAdmin
  readonly orgId: string
  /** A listener of an attacker's choosing that answers with the real org's id (a leaked dashboard URL aims orgs.add at it). */
  readonly rogue: RogueAdminApi
  /** Base URLs an Admin API client was built for in a scratch data dir (must stay empty). */
  readonly scratchClients: string[]
  /** The project directory bound to `main`. */
  project(): string
  /** A fresh data directory (0700) under <root>/scratch, for rows that attack the directory itself. */
  scratch(...parts: string[]): string
  /** The file a planted link points at: the user's login script. */
  victim(): string
  /** Runs the built `keyward ARGS…` (in this world's environment unless `env` is given): its exit code and stderr. */
  cli(args: string[], options?: { input?: string; cwd?: string; env?: NodeJS.ProcessEnv }): Promise<Outcome>
  /** The org services over a scratch data dir holding an Admin key; clients it builds are recorded in scratchClients. */
  scratchOrgs(dir: string): OrgAdmin
  /** Runs `keyward helper` in-process in the bound project with `deps`: its exit code, stdout and stderr. */
  helperRun(deps: HelperDeps): Promise<{ code: number; stdout: string; stderr: string }>
}

interface Ready {
  world: World
  vault: Vault
  keychain: MemoryKeychain
  emulator: EmulatorHandle
  orgAdmin: OrgAdmin
  orgId: string
  rogue: RogueAdminApi
}

/** A config.json with one org at `baseURL`, as an attacker would write it. */
export function plantedConfig(baseURL: string): string {
  return JSON.stringify({
    version: 1,
    profiles: [{ name: 'admin', kind: 'admin', hint: 'sk-ant-admin01-…AAAA', createdAt: '2026-01-01T00:00:00.000Z', rotatedAt: null, tags: [] }],
    defaultProfile: null,
    bindings: [],
    allowedProjects: [],
    orgs: [{ id: 'org_x', name: 'Acme', baseURL, adminProfile: 'admin', demo: false, addedAt: '2026-01-01T00:00:00.000Z' }],
  })
}

/**
 * Declares one area of the catalogue: a describe block whose every case is its own test, run in
 * order in a fresh HostileWorld, with the rows written to the area's sheet for docs/reliability.md.
 */
export function hostileInputs(area: string, title: string, build: (w: HostileWorld) => Case[]): void {
  const sheet = figureSheet(`hostile-inputs-${area}`, `Hostile and broken inputs: ${title}`)
  let ready: Ready | undefined
  const the = (): Ready => {
    if (!ready) throw new Error('the hostile world is read before its beforeAll ran: read it inside run() or after()')
    return ready
  }
  const scratchClients: string[] = []
  const w: HostileWorld = {
    get world() {
      return the().world
    },
    get home() {
      return the().world.home
    },
    get vault() {
      return the().vault
    },
    get keychain() {
      return the().keychain
    },
    get emulator() {
      return the().emulator
    },
    get orgAdmin() {
      return the().orgAdmin
    },
    get orgId() {
      return the().orgId
    },
    get rogue() {
      return the().rogue
    },
    scratchClients,
    project: () => join(the().world.root, 'projects', 'main'),
    scratch: (...parts) => {
      const dir = join(the().world.root, 'scratch', ...parts)
      mkdirSync(dir, { recursive: true, mode: 0o700 })
      return dir
    },
    victim: () => {
      const path = join(the().world.userHome, '.bash_profile')
      if (!existsSync(path)) writeFileSync(path, VICTIM_TEXT)
      return path
    },
    cli: async (args, options = {}) => {
      const run = await runKeyward(args, { env: options.env ?? the().world.env, ...(options.cwd && { cwd: options.cwd }), ...(options.input !== undefined && { input: options.input }) })
      return { code: `exit ${run.code}`, message: run.stderr.trim() }
    },
    scratchOrgs: (dir) =>
      createOrgAdmin({
        vault: createVault({ dataDir: dir, keychain: createMemoryKeychain({ admin: ADMIN }) }),
        log: () => {},
        makeClient: (o) => (scratchClients.push(o.baseURL), createAdminClient(o)),
      }),
    helperRun: async (deps) => {
      let stdout = ''
      let stderr = ''
      const io = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, stdin: new PassThrough(), env: {}, cwd: w.project() }
      const code = await runHelper({}, io, deps)
      return { code, stdout, stderr }
    },
  }
  const cases = build(w)
  let keyring: { available: boolean; reason: string } = { available: false, reason: 'not probed yet' }
  let run = 0
  let failed = 0

  describe(`hostile and broken inputs: ${title}`, () => {
    beforeAll(async () => {
      keyring = await secretServiceAvailable()
      const world = createWorld(`hostile-${area}`, 3)
      const keychain = createMemoryKeychain()
      const vault = createVault({ dataDir: world.home, keychain, base: world.root })
      await vault.profiles.add({ name: 'main', kind: 'api', key: world.key('api', 'main') })
      await vault.profiles.add({ name: 'other', kind: 'api', key: world.key('api', 'other') })
      world.dir('projects', 'main')
      await vault.bindings.set(join(world.root, 'projects', 'main'), 'main')
      const emulator = await startEmulator({ seed: 3, keys: 5, days: 3 })
      await vault.profiles.add({ name: 'org-admin', kind: 'admin', key: emulator.adminKey })
      const orgAdmin = createOrgAdmin({ vault, log: () => {}, makeClient: (o) => createAdminClient({ ...o, timeoutMs: 1_500, maxRetries: 0 }) })
      const orgId = (await orgAdmin.orgs.add({ adminProfile: 'org-admin', baseURL: emulator.baseURL })).id
      const rogue = await startRogueAdminApi({ id: orgId, name: emulator.state.org.name })
      ready = { world, vault, keychain, emulator, orgAdmin, orgId, rogue }
    }, 60_000)

    afterAll(async () => {
      sheet.set('cases run', run)
      sheet.set('cases failed', failed)
      sheet.write()
      if (!ready) return
      await ready.rogue.close()
      await ready.orgAdmin.close()
      await ready.emulator.close()
      chmodSync(ready.world.home, 0o700)
      ready.world.cleanup()
    })

    for (const c of cases) {
      it(c.name, async (context) => {
        const unmet = c.needsKeyring && !keyring.available ? keyring.reason : c.needsRoot && !isRoot ? 'files owned by a second uid need root' : null
        if (unmet) {
          sheet.skip(`${c.name}: ${unmet}`)
          context.skip()
          return
        }
        const { world } = the()
        const config = createConfigStore(world.home)
        const before = await config.read().catch(() => null)
        const got: { code: string; message: string } = { ...(await c.run()) }
        let pass = got.code === c.code && (typeof c.fragment === 'string' ? got.message.includes(c.fragment) : c.fragment.test(got.message))
        try {
          await c.after?.()
        } catch (error) {
          pass = false
          got.message += ` [after: ${(error as Error).message.slice(0, 200)}]`
        }
        // Nothing lost: config.json is still there, with every profile and binding that existed before the case.
        if (!existsSync(join(world.home, 'config.json'))) {
          pass = false
          got.message += ' [config.json is gone]'
        }
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
        const expected = `${c.code} / ${String(c.fragment)}`
        const message = got.message.slice(0, 300).replace(world.root, '<tmp>')
        run++
        sheet.note(`case: ${c.name} | ${c.input.replace(world.root, '<tmp>')} | expected ${expected} | got ${got.code} | ${pass ? 'pass' : 'FAIL'}`)
        if (!pass) {
          failed++
          sheet.note(`FAILED: ${c.name} (${c.input}): expected ${expected}, got ${got.code}: ${message}`)
        }
        expect(pass, `${c.name}: expected ${expected}, got ${got.code}: ${message}`).toBe(true)
      })
    }
  })
}
