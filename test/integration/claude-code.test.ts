import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type FakeMessagesApi, startFakeMessagesApi } from '../support/fake-messages-api'
import { secretServiceAvailable } from '../support/keyring'
import { usableInterpreter } from '../../electron/cli/launcher/direct-launcher'

/*
 * The real Claude Code CLI asks `keyward helper` (set up with `keyward claude setup`) for its key,
 * and sends it to a local fake Messages API. Keys live in the real gnome-keyring of
 * scripts/with-keyring.sh. The whole set runs twice: with `keyward daemon` serving the socket, and
 * without (the helper reads the keychain itself).
 */

const keyring = await secretServiceAvailable()
if (!keyring.available) console.log(keyring.reason)

const KEYWARD = resolve('bin/keyward')
/** What `keyward claude setup` writes: the direct launcher the build wrote (its #! names the project's Node), else bin/keyward. */
const LAUNCHER = usableInterpreter(resolve('out/cli/helper/keyward')) === null ? KEYWARD : resolve('out/cli/helper/keyward')
const CLAUDE = resolve('node_modules/.bin/claude')
const fakeKey = () => `sk-ant-api03-${randomBytes(64).toString('base64url').slice(0, 84)}AA`

interface Ran {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs a command with a bounded wait; on timeout kills exactly that child, by its PID. */
function run(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; input?: string; timeoutMs?: number }): Promise<Ran> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()))
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()))
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL')
      fail(new Error(`${command} ${args.join(' ')} did not finish in ${options.timeoutMs ?? 60_000} ms; stderr: ${stderr.slice(0, 500)}`))
    }, options.timeoutMs ?? 60_000)
    child.once('error', (error) => {
      clearTimeout(timer)
      fail(error)
    })
    child.once('close', (code) => {
      clearTimeout(timer)
      done({ code, stdout, stderr })
    })
    child.stdin!.end(options.input ?? '')
  })
}

describe.skipIf(!keyring.available)('the real Claude Code CLI with keyward helper', () => {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'kw-cc-')))
  const home = join(root, 'home')
  const dataDir = join(root, 'data')
  const projectA = join(root, 'project-a')
  const subdirA = join(projectA, 'src', 'deep')
  const projectB = join(root, 'project-b')
  const unbound = join(root, 'unbound')
  const profileA = `cc-a-${process.pid}`
  const profileB = `cc-b-${process.pid}`
  const keyA = fakeKey()
  const keyB = fakeKey()
  let api: FakeMessagesApi

  // Claude Code's environment: no API key or token of the developer's, our HOME and fake API.
  const baseEnv = (): NodeJS.ProcessEnv => {
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, KEYWARD_HOME: dataDir }
    delete env.ANTHROPIC_API_KEY
    delete env.ANTHROPIC_AUTH_TOKEN
    return env
  }
  const keyward = (args: string[], input?: string) => run(KEYWARD, args, { cwd: root, env: baseEnv(), ...(input !== undefined && { input }) })

  beforeAll(async () => {
    for (const dir of [home, subdirA, projectB, unbound]) mkdirSync(dir, { recursive: true })
    for (const [profile, key, dir] of [
      [profileA, keyA, projectA],
      [profileB, keyB, projectB],
    ] as const) {
      const added = await keyward(['add', profile, '--key-stdin'], key)
      expect(added.code, added.stderr).toBe(0)
      const bound = await keyward(['use', profile, '--dir', dir])
      expect(bound.code, bound.stderr).toBe(0)
    }
    const setup = await keyward(['claude', 'setup', '--json'])
    expect(setup.code, setup.stderr).toBe(0)
    expect(JSON.parse(readFileSync(join(home, '.claude', 'settings.json'), 'utf8'))).toEqual({ apiKeyHelper: `${LAUNCHER} helper` })
    api = await startFakeMessagesApi()
  })

  afterAll(async () => {
    await api?.close()
    await keyward(['remove', profileA, '--force'])
    await keyward(['remove', profileB, '--force'])
    rmSync(root, { recursive: true, force: true })
  })

  /** Runs `claude -p hi` in `cwd` and returns its result and the keys it sent. */
  async function claudeIn(cwd: string): Promise<Ran & { keys: string[] }> {
    const before = api.messageKeys().length
    const env = { ...baseEnv(), ANTHROPIC_BASE_URL: api.url, CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1' }
    const result = await run(CLAUDE, ['-p', 'hi'], { cwd, env, timeoutMs: 90_000 })
    return { ...result, keys: api.messageKeys().slice(before) }
  }

  /** The transports of the audit log's key.served entries since `from` lines. */
  const servedTransports = (from: number) =>
    readFileSync(join(dataDir, 'audit.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .slice(from)
      .map((line) => JSON.parse(line) as { event: string; transport?: string })
      .filter((entry) => entry.event === 'key.served')
      .map((entry) => entry.transport)
  const auditLines = () => readFileSync(join(dataDir, 'audit.jsonl'), 'utf8').split('\n').filter(Boolean).length

  describe.each([
    ['without a daemon (the helper reads the keychain)', false],
    ['with keyward daemon running (the helper asks the socket)', true],
  ])('%s', (_label, withDaemon) => {
    let daemon: ChildProcess | null = null
    let auditFrom = 0

    beforeAll(async () => {
      auditFrom = auditLines()
      if (!withDaemon) return
      const child = spawn(KEYWARD, ['daemon', '--json'], { cwd: root, env: baseEnv(), stdio: ['ignore', 'pipe', 'pipe'] })
      daemon = child
      let out = ''
      await new Promise<void>((ready, fail) => {
        const timer = setTimeout(() => fail(new Error(`keyward daemon did not start in 20 s: ${out}`)), 20_000)
        child.stdout!.on('data', (c: Buffer) => {
          out += c.toString()
          if (out.includes('"socket"') && out.trimEnd().endsWith('}')) {
            clearTimeout(timer)
            ready()
          }
        })
        child.once('exit', (code) => {
          clearTimeout(timer)
          fail(new Error(`keyward daemon exited with ${code}`))
        })
      })
    })

    afterAll(async () => {
      const child = daemon
      if (!child || child.exitCode !== null || child.pid === undefined) return
      const exited = new Promise((r) => child.once('exit', r))
      process.kill(child.pid, 'SIGTERM')
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))])
      if (child.exitCode === null) process.kill(child.pid, 'SIGKILL')
    })

    it("sends project A's key from project A", async () => {
      const result = await claudeIn(projectA)
      expect(result.code, result.stderr).toBe(0)
      expect(result.stdout).toContain('Hello from the fake Messages API.')
      expect(result.keys.length).toBeGreaterThan(0)
      expect(new Set(result.keys)).toEqual(new Set([keyA]))
    })

    it("sends project A's key from a subdirectory of A", async () => {
      const result = await claudeIn(subdirA)
      expect(result.code, result.stderr).toBe(0)
      expect(new Set(result.keys)).toEqual(new Set([keyA]))
    })

    it("sends project B's key from project B", async () => {
      const result = await claudeIn(projectB)
      expect(result.code, result.stderr).toBe(0)
      expect(new Set(result.keys)).toEqual(new Set([keyB]))
    })

    it("shows the helper's stderr line when the directory is not bound", async () => {
      const result = await claudeIn(unbound)
      const output = result.stdout + result.stderr
      expect(result.code).not.toBe(0)
      expect(output).toContain(`apiKeyHelper failed: exited 3: keyward: no key is bound to ${unbound} or its parents; run: keyward use <profile> --dir ${unbound}`)
      expect(result.keys.every((key) => key === '')).toBe(true)
    })

    it(`served every key through the ${withDaemon ? 'socket' : 'keychain directly'}, and the audit log holds no key`, () => {
      const transports = servedTransports(auditFrom)
      expect(transports.length).toBeGreaterThanOrEqual(3)
      expect(new Set(transports)).toEqual(new Set([withDaemon ? 'socket' : 'direct']))
      const audit = readFileSync(join(dataDir, 'audit.jsonl'), 'utf8')
      expect(audit).not.toContain(keyA)
      expect(audit).not.toContain(keyB)
    })
  })
})
