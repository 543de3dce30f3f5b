import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { realpathSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type FakeMessagesApi, startFakeMessagesApi } from '../support/fake-messages-api'
import { secretServiceAvailable } from '../support/keyring'
import { type ProcessResult, runProcess } from '../support/run-process'
import { type TestSshd, sshdUnavailable, startSshd } from '../support/sshd'

/*
 * Keys forwarded over SSH, with real components: a real OpenSSH
 * server on 127.0.0.1 with a temporary user (the "remote"), the laptop's keys in the real
 * gnome-keyring of scripts/with-keyring.sh served by a real `keyward daemon`, and on the remote the
 * CLI installed from the packed tarball (npm run pack:cli) into a fresh npm prefix, offline and
 * without optional dependencies (so no keytar: nothing is stored there). The remote has its own
 * HOME and data dir; it binds profile names with `keyward use` and gets the keys from the laptop
 * through `keyward ssh`. The real Claude Code runs on the remote side once more.
 */

const keyring = await secretServiceAvailable()
const noSshd = sshdUnavailable()
const skipReason = noSshd ?? (keyring.available ? null : keyring.reason)
if (skipReason) console.log(skipReason)

const KEYWARD = resolve('bin/keyward')
const CLAUDE = realpathSync(resolve('node_modules/.bin/claude'))
const NODE_DIR = dirname(process.execPath)
const fakeKey = () => `sk-ant-api03-${randomBytes(64).toString('base64url').slice(0, 84)}AA`

/** Runs a process with a bounded wait; on timeout kills exactly that child. */
async function run(command: string, args: string[], env: NodeJS.ProcessEnv, options: { cwd?: string; input?: string; timeoutMs?: number } = {}): Promise<ProcessResult> {
  const { child, done } = runProcess(command, args, { env, ...(options.cwd !== undefined && { cwd: options.cwd }), ...(options.input !== undefined && { input: options.input }) })
  const timer = setTimeout(() => child.pid !== undefined && child.exitCode === null && process.kill(child.pid, 'SIGKILL'), options.timeoutMs ?? 60_000)
  try {
    return await done
  } finally {
    clearTimeout(timer)
  }
}

describe.skipIf(skipReason !== null)('keys forwarded over a real OpenSSH session, to a CLI installed from the packed tarball', () => {
  const root = realpathSync(mkdtempSync('/tmp/kw-ssh-'))
  const laptopData = join(root, 'laptop')
  const prefix = join(root, 'prefix')
  const remoteHome = join(root, 'remote-home')
  const projects = join(root, 'projects')
  const forwardedDir = join(projects, 'forwarded')
  const refusedDir = join(projects, 'refused')
  const keyOk = fakeKey()
  const keyNo = fakeKey()
  const okProfile = `fwd-ok-${process.pid}`
  const noProfile = `fwd-no-${process.pid}`
  const guardedProfile = `fwd-guard-${process.pid}`
  const guardedDir = join(projects, 'guarded')
  let daemonLog = ''
  let sshd: TestSshd
  let daemon: ChildProcess | null = null
  let api: FakeMessagesApi

  const laptopEnv = (): NodeJS.ProcessEnv => {
    const env: NodeJS.ProcessEnv = { ...process.env, KEYWARD_HOME: laptopData }
    delete env.ANTHROPIC_API_KEY
    delete env.ANTHROPIC_AUTH_TOKEN
    return env
  }
  const laptop = (args: string[], input?: string) => run(KEYWARD, args, laptopEnv(), { cwd: root, ...(input !== undefined && { input }) })
  /** The remote's shell prelude: the installed CLI and Node 22 on PATH, its own HOME (and so its own data dir); nothing of the laptop's. */
  const remote = (script: string) => `export PATH='${prefix}/bin:${NODE_DIR}':"$PATH"; unset KEYWARD_HOME ANTHROPIC_API_KEY; ${script}`
  /** `keyward ssh` from the laptop to the remote, running `script` there. */
  const keywardSsh = (script: string, timeoutMs?: number) =>
    run(KEYWARD, ['ssh', '-F', sshd.clientConfig, sshd.alias, remote(script)], laptopEnv(), { cwd: root, ...(timeoutMs !== undefined && { timeoutMs }) })
  /** Plain ssh (no forwarding), for setting up the remote. */
  const plainSsh = (script: string) => run('ssh', ['-F', sshd.clientConfig, sshd.alias, remote(script)], laptopEnv())
  const remoteSocket = () => `/tmp/keyward-forward-${sshd.user}.sock`
  const auditEntries = () =>
    readFileSync(join(laptopData, 'audit.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>)

  beforeAll(async () => {
    chmodSync(root, 0o755)
    for (const dir of [forwardedDir, refusedDir, guardedDir]) mkdirSync(dir, { recursive: true })
    sshd = await startSshd(join(root, 'sshd'), remoteHome)
    chownSync(projects, sshd.uid, sshd.uid)
    // Section 3: the packed CLI, installed offline into a fresh prefix, with no optional dependency.
    const packed = await run('npm', ['run', '--silent', 'pack:cli'], process.env, { timeoutMs: 120_000 })
    expect(packed.code, packed.stderr).toBe(0)
    const tarball = packed.stdout.trim().split('\n').pop()!
    expect(tarball).toMatch(/keyward-cli-.*\.tgz$/)
    mkdirSync(prefix, { recursive: true })
    // As a user would type it: without the npm_* settings of the npm test run this suite may be inside.
    const userEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith('npm_')))
    const installed = await run('npm', ['install', '-g', '--prefix', prefix, tarball, '--offline', '--omit=optional', '--no-audit', '--no-fund'], userEnv, { timeoutMs: 120_000 })
    expect(installed.code, installed.stderr).toBe(0)
    // The laptop: two profiles in the keychain, one forwardable; a daemon serving both sockets.
    for (const [name, key] of [
      [okProfile, keyOk],
      [noProfile, keyNo],
    ] as const) {
      const added = await laptop(['add', name, '--key-stdin'], key)
      expect(added.code, added.stderr).toBe(0)
    }
    const guarded = await laptop(['add', guardedProfile, '--key-stdin', '--require-approval'], fakeKey())
    expect(guarded.code, guarded.stderr).toBe(0)
    for (const name of [okProfile, guardedProfile]) expect((await laptop(['forward', name])).code).toBe(0)
    daemon = await startLaptopDaemon(laptopEnv(), root)
    daemon.stderr!.on('data', (c: Buffer) => (daemonLog += c.toString()))
    api = await startFakeMessagesApi()
  }, 240_000)

  afterAll(async () => {
    await api?.close()
    if (daemon?.pid !== undefined && daemon.exitCode === null) {
      const exited = new Promise((r) => daemon!.once('exit', r))
      process.kill(daemon.pid, 'SIGTERM')
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))])
    }
    await laptop(['remove', okProfile, '--force'])
    await laptop(['remove', noProfile, '--force'])
    await laptop(['remove', guardedProfile, '--force'])
    sshd?.stop()
    rmSync(root, { recursive: true, force: true })
  })

  // Steps on the installed CLI: each an `it` of its own here (the file vault's goes here too).
  describe('the installed CLI (npm install -g of the packed tarball)', () => {
    it('runs keyward --version for the remote user', async () => {
      const ran = await plainSsh('keyward --version; command -v keyward')
      expect(ran.code, ran.stderr).toBe(0)
      expect(ran.stdout).toMatch(/^\d+\.\d+\.\d+\n/)
      expect(ran.stdout).toContain(`${prefix}/bin/keyward`)
    })

    it('records profile names without keys on the remote (keyward use), in its own data dir', async () => {
      const typo = await plainSsh(`keyward use ${okProfile} --dir ${forwardedDir}`)
      expect(typo.code).toBe(3)
      expect(typo.stderr).toContain(`record the name anyway: keyward use ${okProfile} --forwarded`)
      const ran = await plainSsh(`keyward use ${okProfile} --dir ${forwardedDir} --forwarded`)
      expect(ran.code, ran.stderr).toBe(0)
      expect(ran.stdout).toContain(`No profile ${okProfile} is stored on this machine`)
      // Within a keyward ssh session the forwarded socket is there, so no flag is needed.
      const inSession = await keywardSsh(`keyward use ${noProfile} --dir ${refusedDir}`)
      expect(inSession.code, inSession.stderr).toBe(0)
    })

    it('without a forwarded socket, says the name is not stored here and how to forward it', async () => {
      const ran = await plainSsh(`cd ${forwardedDir} && keyward helper`)
      expect(ran.code).toBe(3)
      expect(ran.stdout).toBe('')
      expect(ran.stderr).toContain(`run: keyward add ${okProfile} (or, if its key is on your laptop, connect from there with keyward ssh)`)
    })

    it('says why the keychain backend is unavailable (keytar was not installed)', async () => {
      const ran = await plainSsh(`printf %s '${fakeKey()}' | keyward add local-try --key-stdin`)
      expect(ran.code).toBe(4)
      expect(ran.stderr.trim().split('\n')).toHaveLength(1)
      expect(ran.stderr).toContain('keytar, its optional native module, is not installed')
    })

    it('keeps keys in the file vault without keytar: init, a daemon unlocked over its socket, the helper prints the key, lock refuses', async () => {
      const key = fakeKey()
      // Its own data dir, so the forwarding steps below still see a remote that stores no key.
      const ran = await plainSsh(
        [
          'export KEYWARD_HOME="$HOME/vault-home" KEYWARD_VAULT_SCRYPT_LOG_N=10',
          'mkdir -p "$HOME/vault-project"',
          "printf %s 'remote vault passphrase' | keyward vault init --backend file --passphrase-stdin >/dev/null || exit 11",
          'keyward daemon >/dev/null 2>&1 & pid=$!',
          "i=0; until printf %s 'remote vault passphrase' | keyward unlock --passphrase-stdin >/dev/null 2>&1; do i=$((i+1)); [ $i -lt 100 ] || { kill $pid; exit 12; }; sleep 0.2; done",
          `printf %s '${key}' | keyward add vaulted --key-stdin >/dev/null || { kill $pid; exit 13; }`,
          'keyward use vaulted --dir "$HOME/vault-project" >/dev/null || { kill $pid; exit 14; }',
          'cd "$HOME/vault-project" && keyward helper',
          'keyward lock >/dev/null',
          'keyward helper; echo "locked exit $?"',
          'kill $pid; wait $pid 2>/dev/null; exit 0',
        ].join('\n'),
      )
      expect(ran.code, ran.stderr).toBe(0)
      const lines = ran.stdout.trim().split('\n')
      expect(lines[0]).toBe(key)
      expect(lines.at(-1)).toBe('locked exit 4')
      expect(ran.stderr).toContain('keyward unlock')
      expect(ran.stderr).not.toContain(key)
    })
  })

  describe('keyward ssh', () => {
    it("hands the laptop's forwardable key to the remote helper, audited as forwarded with the host", async () => {
      const ran = await keywardSsh(`test -S ${remoteSocket()} && cd ${forwardedDir} && keyward helper`)
      expect(ran.code, ran.stderr).toBe(0)
      expect(ran.stdout).toBe(`${keyOk}\n`)
      const served = auditEntries()
        .filter((e) => e.event === 'key.served')
        .pop()
      expect(served).toMatchObject({ profile: okProfile, directory: forwardedDir, transport: 'forwarded', host: `${sshd.user}@${sshd.alias}` })
    })

    it('keyward doctor on the remote says the laptop forwards keys through the socket', async () => {
      const ran = await keywardSsh('keyward doctor')
      expect(ran.stdout).toMatch(new RegExp(`ok +forwarded: a laptop's Keyward \\S+ forwards keys here through ${remoteSocket()}`))
    })

    it('also serves exec and env on the remote', async () => {
      const ran = await keywardSsh(`cd ${forwardedDir} && keyward exec -- sh -c 'printf %s "$ANTHROPIC_API_KEY"' && echo && keyward env --shell bash`)
      expect(ran.code, ran.stderr).toBe(0)
      expect(ran.stdout.split('\n')[0]).toBe(keyOk)
      expect(ran.stdout).toContain(`export ANTHROPIC_API_KEY=`)
    })

    it('refuses a profile that is not forwardable: one line, non-zero exit, nothing on stdout', async () => {
      const ran = await keywardSsh(`cd ${refusedDir} && keyward helper; echo "exit=$?"`)
      expect(ran.stdout).toBe('exit=1\n')
      expect(ran.stderr.trim().split('\n')).toEqual([
        `keyward: in ${refusedDir}: the laptop does not forward a profile "${noProfile}" (not marked forwardable, or no such profile); on the laptop, run: keyward forward ${noProfile}`,
      ])
      expect(ran.stderr).not.toContain(keyNo)
      expect(
        auditEntries()
          .filter((e) => e.event === 'key.denied')
          .pop(),
      ).toMatchObject({ profile: noProfile, transport: 'forwarded', detail: 'not forwardable' })
    })

    it('asks the laptop to approve a guarded profile, naming the remote host (the headless daemon refuses, saying so)', async () => {
      const ran = await keywardSsh(`keyward use ${guardedProfile} --dir ${guardedDir} >/dev/null && cd ${guardedDir} && keyward helper; echo "exit=$?"`)
      expect(ran.stdout).toBe('exit=1\n')
      expect(ran.stderr).toContain('the laptop runs the headless daemon, which cannot ask anyone')
      expect(daemonLog).toContain(`asked for profile ${guardedProfile} in ${guardedDir}`)
      expect(daemonLog).toContain(`on ${sshd.user}@${sshd.alias} (over keyward ssh)`)
      expect(
        auditEntries()
          .filter((e) => e.event === 'key.denied')
          .pop(),
      ).toMatchObject({ profile: guardedProfile, transport: 'forwarded', host: `${sshd.user}@${sshd.alias}`, detail: 'approval unavailable' })
    })

    it('removes the forwarded socket on the remote when the session ends', async () => {
      const ran = await keywardSsh(`test -S ${remoteSocket()} && echo present`)
      expect(ran.stdout).toBe('present\n')
      expect(existsSync(remoteSocket())).toBe(false)
    })

    it('says the laptop is unreachable when the socket named by KEYWARD_SOCKET does not answer', async () => {
      const ran = await plainSsh(`cd ${forwardedDir} && KEYWARD_SOCKET=/tmp/kw-nobody-${process.pid}.sock keyward helper; echo "exit=$?"`)
      expect(ran.stdout).toBe('exit=6\n')
      expect(ran.stderr.trim().split('\n')).toHaveLength(1)
      expect(ran.stderr).toContain('the laptop that forwarded keys to this machine does not answer')
    })

    it("runs the real Claude Code on the remote with the remote's keyward helper, sending the laptop's key", async () => {
      const claudeDir = join(remoteHome, '.claude')
      mkdirSync(claudeDir, { recursive: true })
      writeFileSync(join(claudeDir, 'settings.json'), JSON.stringify({ apiKeyHelper: `${prefix}/bin/keyward helper` }))
      chownSync(claudeDir, sshd.uid, sshd.uid)
      chownSync(join(claudeDir, 'settings.json'), sshd.uid, sshd.uid)
      const before = api.messageKeys().length
      const ran = await keywardSsh(`cd ${forwardedDir} && ANTHROPIC_BASE_URL=${api.url} CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 '${CLAUDE}' -p hi`, 120_000)
      expect(ran.code, ran.stderr).toBe(0)
      expect(ran.stdout).toContain('Hello from the fake Messages API.')
      const keys = api.messageKeys().slice(before)
      expect(keys.length).toBeGreaterThan(0)
      expect(new Set(keys)).toEqual(new Set([keyOk]))
    }, 150_000)
  })
})

/** Starts `keyward daemon --json` for the laptop and waits for its sockets. */
async function startLaptopDaemon(env: NodeJS.ProcessEnv, cwd: string): Promise<ChildProcess> {
  const child = spawn(KEYWARD, ['daemon', '--json'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`keyward daemon did not start in 20 s: ${out}`)), 20_000)
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString()
      if (out.includes('"forwardSocket"') && out.trimEnd().endsWith('}')) {
        clearTimeout(timer)
        ready()
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      fail(new Error(`keyward daemon exited with ${code}`))
    })
  })
  return child
}
