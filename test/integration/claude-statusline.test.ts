import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type UsageTestKit, startUsageTestKit } from '../../electron/core/usage/usage.test-support'
import { type FakeMessagesApi, startFakeMessagesApi } from '../support/fake-messages-api'
import { secretServiceAvailable } from '../support/keyring'
import { usableInterpreter } from '../../electron/cli/launcher/direct-launcher'

/*
 * The real interactive Claude Code, in tmux, shows `keyward statusline` (set up with `keyward claude
 * setup --statusline`) under its input box: the profile and the spend from a usage cache synced from
 * the emulator in a bound project, "no key bound here" in an unbound one, and still after a turn
 * against the fake Messages API, when it also shows Claude Code's own cost of the session, which
 * `keyward usage --estimated` then counts for the bound directory's profile. tmux runs on a private socket (-L), and only the sessions this
 * test started are killed, by name.
 */

const KEYWARD = resolve('bin/keyward')
/** What `keyward claude setup` writes: the direct launcher the build wrote (its #! names the project's Node), else bin/keyward. */
const LAUNCHER = usableInterpreter(resolve('out/cli/helper/keyward')) === null ? KEYWARD : resolve('out/cli/helper/keyward')
const CLAUDE = resolve('node_modules/.bin/claude')
const ENTRY = resolve('out/cli/statusline/keyward-statusline.cjs')
const SOCKET = `kw-statusline-${process.pid}`

const keyring = await secretServiceAvailable()
const tmux = spawnSync('tmux', ['-V'], { encoding: 'utf8' })
const missing = !keyring.available
  ? keyring.reason
  : tmux.error !== undefined
    ? 'SKIPPED: tmux is not installed (apt-get install tmux)'
    : !existsSync(CLAUDE)
      ? `SKIPPED: ${CLAUDE} is missing (the @anthropic-ai/claude-code package is not installed)`
      : !existsSync(ENTRY)
        ? `SKIPPED: ${ENTRY} is missing; run: npm run build`
        : null
if (missing) console.log(missing)

const q = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`
const tmuxRun = (...args: string[]) => spawnSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' })
const pane = (session: string) => tmuxRun('capture-pane', '-t', session, '-p').stdout ?? ''

/** Polls the pane until `pattern` shows, for at most `seconds`; returns the last capture either way. */
async function waitFor(session: string, pattern: RegExp | string, seconds: number): Promise<string> {
  const deadline = Date.now() + seconds * 1000
  let text = ''
  while (Date.now() < deadline) {
    text = pane(session)
    if (typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text)) return text
    await new Promise((r) => setTimeout(r, 500))
  }
  return text
}

describe.skipIf(missing !== null)('the real Claude Code shows keyward statusline', () => {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'kw-cc-sl-')))
  const home = join(root, 'home')
  const dataDir = join(root, 'data')
  const bound = join(root, 'bound-project')
  const unbound = join(root, 'unbound-project')
  const profile = `cc-sl-${process.pid}`
  const sessions: string[] = []
  let kit: UsageTestKit
  let api: FakeMessagesApi
  let secret = ''

  const env = (): NodeJS.ProcessEnv => {
    const e: NodeJS.ProcessEnv = { ...process.env, HOME: home, KEYWARD_HOME: dataDir, TZ: 'UTC' }
    delete e.ANTHROPIC_API_KEY
    delete e.ANTHROPIC_AUTH_TOKEN
    delete e.TMUX
    return e
  }
  const keyward = (args: string[], input?: string) => spawnSync(KEYWARD, args, { cwd: root, env: env(), encoding: 'utf8', input: input ?? '', timeout: 60_000 })

  beforeAll(async () => {
    for (const dir of [home, bound, unbound]) mkdirSync(dir, { recursive: true })
    // A usage cache synced from the emulator (real clock: the line shows today's spend), with a key used this month.
    kit = await startUsageTestKit({ emulator: { seed: 21, keys: 6, days: 40 } })
    await kit.sync.syncNow()
    const now = new Date()
    const month = await kit.queries.summary({ range: { from: `${now.toISOString().slice(0, 8)}01`, to: now.toISOString().slice(0, 10), timeZone: 'UTC' }, groupBy: 'key' })
    const used = kit.emulator.state.apiKeys.find((k) => k.wire.id === month.groups[0]?.id) ?? kit.emulator.state.apiKeys[0]!
    secret = used.secret
    // Closing checkpoints the write-ahead log into the file, so the one file is the whole store.
    kit.store.close()
    cpSync(join(kit.dataDir, 'usage.db'), join(dataDir, 'usage.db'))
    expect(keyward(['add', profile, '--key-stdin'], secret).status).toBe(0)
    expect(keyward(['use', profile, '--dir', bound]).status).toBe(0)
    const setup = keyward(['claude', 'setup', '--statusline', '--json'])
    expect(setup.status, setup.stderr).toBe(0)
    expect(JSON.parse(readFileSync(join(home, '.claude', 'settings.json'), 'utf8'))).toEqual({
      apiKeyHelper: `${LAUNCHER} helper`,
      statusLine: { type: 'command', command: `${LAUNCHER} statusline` },
    })
    // No first-run screens, and both directories trusted.
    writeFileSync(
      join(home, '.claude.json'),
      JSON.stringify({ hasCompletedOnboarding: true, theme: 'dark', projects: { [bound]: { hasTrustDialogAccepted: true }, [unbound]: { hasTrustDialogAccepted: true } } }),
    )
    // A million input tokens a reply: Claude Code's own estimate of a turn is then whole dollars, whatever the model.
    api = await startFakeMessagesApi({ inputTokens: 1_000_000 })
  }, 120_000)

  afterAll(async () => {
    for (const session of sessions) tmuxRun('kill-session', '-t', session)
    await api?.close()
    await kit?.close()
    keyward(['remove', profile, '--force'])
    rmSync(root, { recursive: true, force: true })
  })

  /** Starts the interactive `claude` in `dir` in a new tmux session of our own socket. */
  function startClaude(dir: string, name: string): string {
    const session = `${name}-${process.pid}`
    const vars = { HOME: home, KEYWARD_HOME: dataDir, TZ: 'UTC', ANTHROPIC_BASE_URL: api.url, CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1' }
    const command = `cd ${q(dir)} && exec env -u ANTHROPIC_API_KEY -u ANTHROPIC_AUTH_TOKEN ${Object.entries(vars)
      .map(([k, v]) => `${k}=${q(v)}`)
      .join(' ')} ${q(CLAUDE)}`
    const started = spawnSync('tmux', ['-L', SOCKET, 'new-session', '-d', '-s', session, '-x', '160', '-y', '40', command], { env: env(), encoding: 'utf8' })
    expect(started.status, started.stderr).toBe(0)
    sessions.push(session)
    return session
  }

  it('shows the profile and the spend in a bound project, and still after a turn', async () => {
    const session = startClaude(bound, 'bound')
    const line = new RegExp(`${profile} · \\$[\\d,.]+ today · \\$[\\d,.]+ this month`)
    const first = await waitFor(session, line, 60)
    expect(first, first).toMatch(line)
    expect(first).not.toContain(secret.slice(15, -4))
    tmuxRun('send-keys', '-t', session, 'hello', 'Enter')
    const after = await waitFor(session, 'Hello from the fake Messages API.', 60)
    expect(after, after).toContain('Hello from the fake Messages API.')
    expect(api.messageKeys()).toContain(secret)
    const still = await waitFor(session, line, 20)
    expect(still, still).toMatch(line)
    // After the turn Claude Code's figure for the session is above zero, and the line shows it.
    const costed = /this month · \$([\d,]+\.\d\d) this session/
    const withCost = await waitFor(session, /this month · \$(?!0\.00)[\d,]+\.\d\d this session/, 30)
    expect(withCost, withCost).toMatch(/this month · \$(?!0\.00)[\d,]+\.\d\d this session/)
    const shown = costed.exec(withCost)![1]!.replace(/,/g, '')
    // The same figure, recorded by that run of the line against this directory's profile.
    const estimated = keyward(['usage', '--estimated', '--json'])
    expect(estimated.status, estimated.stderr).toBe(0)
    const summary = JSON.parse(estimated.stdout) as { estimated: boolean; groups: Array<{ id: string; totals: { cost: string; sessions: number } }> }
    expect(summary.estimated).toBe(true)
    const group = summary.groups.find((g) => g.id === profile)
    expect(group, estimated.stdout).toBeDefined()
    expect(group!.totals.sessions).toBe(1)
    expect(Number(group!.totals.cost).toFixed(2)).toBe(Number(shown).toFixed(2))
  }, 180_000)

  it('says "no key bound here" in an unbound project', async () => {
    const session = startClaude(unbound, 'unbound')
    const text = await waitFor(session, 'no key bound here', 60)
    expect(text, text).toContain('no key bound here')
  }, 120_000)
})
