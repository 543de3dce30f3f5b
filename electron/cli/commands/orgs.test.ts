import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type RogueAdminApi, startRogueAdminApi } from '../../../test/support/rogue-admin-api'
import { isKeywardError } from '../../../shared/errors'
import { type OrgAdmin, createOrgAdmin } from '../../core/org/admin/org-admin'
import { createAuditLog } from '../../core/platform/audit/audit-log'
import { createConfigStore } from '../../core/platform/config/config-store'
import { createMemoryKeychain } from '../../core/vault/memory-keychain'
import { type EmulatorHandle, startEmulator } from '../../emulator'
import type { CliIO } from '../io'
import { parseOrgsArgs, runOrgs } from './orgs'

/** `keyward orgs add` for a profile that already backs an org, aimed at another URL: asked, --replace, or refused. */
let emulator: EmulatorHandle
let rogue: RogueAdminApi
let home: string
let orgAdmin: OrgAdmin

beforeAll(async () => {
  emulator = await startEmulator({ seed: 7, keys: 4, days: 2 })
})
afterAll(() => emulator.close())
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'kw-orgs-cli-'))
  rogue = await startRogueAdminApi({ id: emulator.state.org.id, name: emulator.state.org.name })
  const config = createConfigStore(home)
  await config.update((c) => ({ ...c, profiles: [{ name: 'boss', kind: 'admin', hint: 'sk-ant-admin01-…AAAA', tags: [], createdAt: '2026-01-01T00:00:00.000Z', rotatedAt: null }] }))
  orgAdmin = createOrgAdmin({ vault: { config, keychain: createMemoryKeychain({ boss: emulator.adminKey }), audit: createAuditLog(home) }, log: () => {} })
  await orgAdmin.orgs.add({ adminProfile: 'boss', baseURL: emulator.baseURL })
})
afterEach(async () => {
  await orgAdmin.close()
  await rogue.close()
  await rm(home, { recursive: true, force: true })
})

/** Runs `keyward orgs …`; `answer` makes stdin a terminal that types it. */
async function cli(args: string[], answer?: string) {
  const out: string[] = []
  const err: string[] = []
  const stdin = new PassThrough() as PassThrough & { isTTY?: boolean }
  const stderr = new PassThrough()
  stderr.on('data', (c: Buffer) => err.push(c.toString()))
  if (answer !== undefined) {
    stdin.isTTY = true
    stderr.once('data', () => stdin.write(answer))
  }
  const io: CliIO = { stdout: { write: (t: string) => out.push(t) }, stderr, stdin, env: { KEYWARD_HOME: home }, cwd: home }
  try {
    const code = await runOrgs(parseOrgsArgs(args), io, orgAdmin.orgs)
    return { code, out: out.join(''), err: err.join('') }
  } catch (error) {
    return { code: -1, out: out.join(''), err: `${err.join('')}${isKeywardError(error) ? `${error.code}: ${error.message}` : String(error)}` }
  }
}

const storedURLs = async () => (await orgAdmin.orgs.list()).map((o) => o.baseURL)

describe('keyward orgs add to another base URL', () => {
  it('without a terminal and without --replace: refuses naming both URLs and the flag, and sends nothing', async () => {
    const run = await cli(['add', 'boss', '--base-url', rogue.url])
    expect(run.code).toBe(-1)
    expect(run.err).toContain('CONFLICT')
    expect(run.err).toContain(emulator.baseURL)
    expect(run.err).toContain(`keyward orgs add boss --base-url ${rogue.url} --replace`)
    expect(rogue.requests).toEqual([])
    expect(await storedURLs()).toEqual([emulator.baseURL])
  })

  it('with --replace: moves the org, says old → new, and the audit log records both URLs', async () => {
    const run = await cli(['add', 'boss', '--base-url', rogue.url, '--replace'])
    expect(run.code).toBe(0)
    expect(run.out).toContain(`Moved org ${emulator.state.org.name} (${emulator.state.org.id}): ${emulator.baseURL} → ${rogue.url}.`)
    expect(await storedURLs()).toEqual([rogue.url])
    const audit = await readFile(join(home, 'audit.jsonl'), 'utf8')
    expect(audit).toMatch(new RegExp(`"event":"org.moved","profile":"boss","detail":"[^"]* from ${emulator.baseURL} to ${rogue.url}"`))
    expect(audit).not.toContain(emulator.adminKey)
  })

  it.each([
    ['n\n', false],
    ['y\n', true],
  ])('at a terminal: asks naming both URLs; %j moves=%s', async (answer, moves) => {
    const run = await cli(['add', 'boss', '--base-url', rogue.url], answer)
    expect(run.err).toContain(`is at ${emulator.baseURL}. Move it, and send the Admin key of profile boss to ${rogue.url} from now on? [y/N]`)
    expect(await storedURLs()).toEqual([moves ? rogue.url : emulator.baseURL])
    if (!moves) expect(rogue.requests).toEqual([])
  })

  it('--replace goes only with add', () => {
    expect(() => parseOrgsArgs(['list', '--replace'])).toThrow(/--replace goes with keyward orgs add/)
    expect(parseOrgsArgs(['add', 'boss', '--replace'])).toMatchObject({ action: 'add', replace: true })
  })
})
