import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type FakeMessagesApi, startFakeMessagesApi } from '../support/fake-messages-api'
import { TEST_PASSPHRASE, type VaultDaemon, keyward, noDbusEnv, startVaultDaemon } from '../support/file-vault'

/*
 * The real Claude Code CLI on the file vault: no D-Bus, keys in vault.age, `keyward daemon` holding
 * it unlocked; Claude Code's apiKeyHelper (`keyward helper`) gets each project's key from the
 * daemon and sends it to a local fake Messages API. Locked, Claude Code shows the helper's line.
 */

const CLAUDE = resolve('node_modules/.bin/claude')
const fakeKey = () => `sk-ant-api03-${randomBytes(64).toString('base64url').slice(0, 84)}AA`
if (!existsSync(CLAUDE)) console.log('SKIPPED: the real Claude Code on the file vault: node_modules/.bin/claude is not installed')

/** Runs `claude -p hi` in `cwd`, bounded; on timeout kills exactly that child. */
function claude(cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn(CLAUDE, ['-p', 'hi'], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] })
    let output = ''
    child.stdout!.on('data', (c: Buffer) => (output += c.toString()))
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()))
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL')
      fail(new Error(`claude -p hi did not finish in 90 s: ${output.slice(0, 500)}`))
    }, 90_000)
    child.once('close', (code) => {
      clearTimeout(timer)
      done({ code, output })
    })
    child.stdin!.end()
  })
}

describe.skipIf(!existsSync(CLAUDE))('the real Claude Code CLI on the file vault (daemon unlocked, no D-Bus)', () => {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'kw-cc-fv-')))
  const home = join(root, 'home')
  const env = noDbusEnv(join(root, 'data'), { HOME: home })
  const projects = { a: join(root, 'project-a'), b: join(root, 'project-b') }
  const keys = { a: fakeKey(), b: fakeKey() }
  let api: FakeMessagesApi
  let daemon: VaultDaemon

  beforeAll(async () => {
    for (const dir of [home, projects.a, projects.b]) mkdirSync(dir, { recursive: true })
    expect((await keyward(['vault', 'init', '--backend', 'file', '--passphrase-stdin'], env, { input: TEST_PASSPHRASE })).code).toBe(0)
    daemon = await startVaultDaemon(env)
    expect((await keyward(['unlock', '--passphrase-stdin'], env, { input: TEST_PASSPHRASE })).code).toBe(0)
    for (const name of ['a', 'b'] as const) {
      expect((await keyward(['add', `cc-${name}`, '--key-stdin'], env, { input: keys[name] })).code).toBe(0)
      expect((await keyward(['use', `cc-${name}`, '--dir', projects[name]], env)).code).toBe(0)
    }
    expect((await keyward(['claude', 'setup'], env)).code).toBe(0)
    api = await startFakeMessagesApi()
  }, 120_000)

  afterAll(async () => {
    await api?.close()
    await daemon?.stop()
    rmSync(root, { recursive: true, force: true })
  })

  const claudeEnv = () => ({ ...env, ANTHROPIC_BASE_URL: api.url, CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1' })

  it('sends each project its own key, served by the daemon from the unlocked vault', async () => {
    for (const name of ['a', 'b'] as const) {
      const before = api.messageKeys().length
      const result = await claude(projects[name], claudeEnv())
      expect(result.code, result.output).toBe(0)
      expect(result.output).toContain('Hello from the fake Messages API.')
      expect(new Set(api.messageKeys().slice(before))).toEqual(new Set([keys[name]]))
    }
    const transports = readFileSync(join(root, 'data', 'audit.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { event: string; transport?: string })
      .filter((e) => e.event === 'key.served')
      .map((e) => e.transport)
    expect(new Set(transports)).toEqual(new Set(['socket']))
  }, 200_000)

  it("shows the helper's line naming keyward unlock once the vault is locked", async () => {
    expect((await keyward(['lock'], env)).code).toBe(0)
    const before = api.messageKeys().length
    const result = await claude(projects.a, claudeEnv())
    expect(result.code).not.toBe(0)
    expect(result.output).toContain('apiKeyHelper failed: exited 4: keyward: in')
    expect(result.output).toContain('the file vault is locked; run: keyward unlock')
    expect(
      api
        .messageKeys()
        .slice(before)
        .every((key) => key === ''),
    ).toBe(true)
  }, 120_000)
})
