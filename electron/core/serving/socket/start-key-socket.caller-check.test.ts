import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type Core, createCore } from '../../core'
import { type ApprovalRequest, createApprovalBroker } from '../../alerts/notify/approver'
import type { Notice } from '../../alerts/notify/notice'
import { createMemoryKeychain } from '../../vault/memory-keychain'
import { apiKey } from '../../vault/temp-vault.test-support'
import type { KeySocketServer } from './socket-server'
import { socketLocation } from './socket-path'
import { startKeySocket } from './start-key-socket'

const run = promisify(execFile)
const linux = process.platform === 'linux'
if (!linux) process.stdout.write('SKIPPED: the lying-client tests need real peer credentials (run on Linux)\n')

/** A socket client as a separate process: sends one request line and prints the reply line. */
const CLIENT = `
const [path, request] = process.argv.slice(2)
const socket = require('node:net').connect(path)
let text = ''
socket.on('connect', () => socket.write(request + '\\n'))
socket.on('data', (c) => { text += c; if (text.includes('\\n')) { process.stdout.write(text.split('\\n')[0] + '\\n'); process.exit(0) } })
socket.on('error', (e) => { console.error(e.message); process.exit(1) })
`
/** Runs the client `times` times through /bin/sh -c (as Claude Code runs its apiKeyHelper), from this process; prints one reply per line. */
const RUNNER = `
const { execFileSync } = require('node:child_process')
const [client, path, request, times] = process.argv.slice(2)
const q = (s) => "'" + s.replace(/'/g, "'\\\\''") + "'"
for (let i = 0; i < Number(times); i++) process.stdout.write(execFileSync('/bin/sh', ['-c', [process.execPath, client, path, request].map(q).join(' ') + '; true']))
`

let root: string
let project: string
let elsewhere: string
let core: Core
let server: KeySocketServer
let notices: Notice[]
let prompts: ApprovalRequest[]
let clientFile: string
let runnerFile: string

beforeEach(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), 'kw-caller-')))
  project = join(root, 'project')
  elsewhere = join(root, 'elsewhere')
  await mkdir(join(project, 'sub'), { recursive: true })
  await mkdir(elsewhere)
  clientFile = join(root, 'client.cjs')
  runnerFile = join(root, 'runner.cjs')
  await writeFile(clientFile, CLIENT)
  await writeFile(runnerFile, RUNNER)
  notices = []
  prompts = []
  const approver = createApprovalBroker({ present: (r, respond) => (prompts.push(r), respond('approved')), rememberMs: 600_000 })
  core = await createCore({ host: 'electron', env: { KEYWARD_HOME: join(root, 'data') }, keychain: createMemoryKeychain(), log: () => {}, notifier: { notify: (n) => notices.push(n) }, approver })
  await core.vault.profiles.add({ name: 'acme', kind: 'api', key: apiKey('acme') })
  await core.vault.bindings.set(project, 'acme')
  server = await startKeySocket(core, { env: {} })
})
afterEach(async () => {
  await server.close()
  await core.close()
  await rm(root, { recursive: true, force: true })
})

/** One request from a real child process whose working directory is `cwd`; returns the reply and the child's pid. */
async function ask(cwd: string, claimed: string): Promise<{ reply: Record<string, unknown>; pid: number }> {
  const request = JSON.stringify({ v: 1, op: 'resolve', cwd: claimed, agent: 'claude' })
  const child = execFile(process.execPath, [clientFile, socketLocation(core.dataDir, {}).path, request], { cwd })
  const pid = child.pid!
  const stdout = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (c) => (out += c))
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`client exited ${code}`))))
  })
  return { reply: JSON.parse(stdout) as Record<string, unknown>, pid }
}

describe.runIf(linux)('the key socket checks the claimed directory against the real caller', () => {
  it('refuses a client that claims another directory than its real one, and audits the real pid, executable and directory', async () => {
    const { reply, pid } = await ask(elsewhere, project)
    expect(reply).toMatchObject({ ok: false, error: { code: 'NOT_ALLOWED' } })
    const message = (reply.error as { message: string }).message
    expect(message).toContain(`asked for the key of ${project}, but its real working directory is ${elsewhere}`)
    expect(message).toContain(`Run the tool from ${project}`)
    expect(JSON.stringify(reply)).not.toContain(apiKey('acme'))
    const audit = await core.vault.audit.read()
    expect(audit.some((e) => e.event === 'key.served')).toBe(false)
    expect(audit[0]).toMatchObject({ event: 'key.denied', directory: project, agent: 'claude', transport: 'socket', pid, executable: await realpath(process.execPath), processDirectory: elsewhere })
  })

  it('refuses a claim through a symlink that leads out of the real directory', async () => {
    await symlink(project, join(elsewhere, 'link'))
    const { reply } = await ask(elsewhere, join(elsewhere, 'link'))
    expect(reply).toMatchObject({ ok: false, error: { code: 'NOT_ALLOWED', message: expect.stringContaining(`real working directory is ${elsewhere}`) } })
  })

  it('serves a client whose claim is its real directory or one below it, and audits who it was', async () => {
    const { reply, pid } = await ask(join(project, 'sub'), join(project, 'sub'))
    expect(reply).toEqual({ v: 1, ok: true, profile: 'acme', key: apiKey('acme') })
    const below = await ask(project, join(project, 'sub'))
    expect(below.reply).toMatchObject({ ok: true, profile: 'acme' })
    const served = (await core.vault.audit.read()).filter((e) => e.event === 'key.served')
    expect(served[1]).toMatchObject({
      profile: 'acme',
      directory: join(project, 'sub'),
      pid,
      executable: await realpath(process.execPath),
      processDirectory: join(project, 'sub'),
      requester: expect.stringContaining(`(pid ${process.pid})`),
    })
  })

  it('serves nothing from a profile whose guard was turned off by editing config.json, notifies, and audits', async () => {
    await core.vault.profiles.setApproval('acme', true)
    const path = join(core.dataDir, 'config.json')
    const config = JSON.parse(await readFile(path, 'utf8'))
    config.profiles[0].requiresApproval = false
    await writeFile(path, JSON.stringify(config))
    const { reply, pid } = await ask(project, project)
    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'NOT_ALLOWED', message: expect.stringContaining('requiresApproval, kind or forwardable of acme was changed in config.json outside Keyward') },
    })
    expect((reply.error as { message: string }).message).toContain('keyward guard --reseal --yes')
    expect(prompts).toEqual([])
    expect(notices).toEqual([{ kind: 'guard-tampered', profiles: ['acme'], why: expect.stringContaining('acme') }])
    const audit = await core.vault.audit.read()
    expect(audit.some((e) => e.event === 'key.served')).toBe(false)
    expect(audit[0]).toMatchObject({ event: 'guard.tampered', profile: 'acme', pid })
    // The way out: a person checks and re-seals; then the file's setting (unguarded) is served.
    await core.vault.profiles.reseal()
    expect((await ask(project, project)).reply).toMatchObject({ ok: true, profile: 'acme' })
  })

  it('binds a remembered approval to the process that ran the helper: the same one is not asked again, another one claiming the same directory is', async () => {
    await core.vault.profiles.setApproval('acme', true)
    const request = JSON.stringify({ v: 1, op: 'resolve', cwd: project, agent: 'claude' })
    const socketPath = socketLocation(core.dataDir, {}).path
    // Process X runs the helper twice through sh -c, as a Claude Code session refreshes its key.
    const first = await run(process.execPath, [runnerFile, clientFile, socketPath, request, '2'], { cwd: project })
    expect(
      first.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual([
      { v: 1, ok: true, profile: 'acme', key: apiKey('acme') },
      { v: 1, ok: true, profile: 'acme', key: apiKey('acme') },
    ])
    expect(prompts).toHaveLength(1)
    expect(prompts[0]).toMatchObject({ profile: 'acme', directory: project, tool: 'claude', executable: await realpath(process.execPath), pid: expect.any(Number) })
    expect(prompts[0]!.pid).not.toBe(process.pid)
    // Process Y claims the same directory: asked again.
    await run(process.execPath, [runnerFile, clientFile, socketPath, request, '1'], { cwd: project })
    expect(prompts).toHaveLength(2)
    expect(prompts[1]!.pid).not.toBe(prompts[0]!.pid)
  })
})
