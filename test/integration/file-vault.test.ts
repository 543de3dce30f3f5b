import { Decrypter } from 'age-encryption'
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import keytar from 'keytar'
import { TEST_PASSPHRASE, type VaultDaemon, keyward, noDbusEnv, startVaultDaemon } from '../support/file-vault'
import { secretServiceAvailable } from '../support/keyring'

/*
 * The file vault on a machine with no D-Bus at all: the real built CLI and daemon, the real
 * age-encryption and Debian's age CLI (through a pty, as it reads passphrases only from a terminal).
 */

const BUILT_CLI = resolve('out/cli/keyward.js')
const freshKey = (): string =>
  `sk-ant-api03-${randomBytes(120)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 91)}igAA`
const hasAgeCli = spawnSync('age', ['--version']).status === 0
const hasScript = spawnSync('script', ['--version']).status === 0

/** Fails naming the place if `text` holds any 16-character piece of a secret. */
function expectNoSecretIn(where: string, text: string, secrets: readonly string[]): void {
  for (const secret of secrets) {
    for (let i = 0; i + 16 <= secret.length; i++) if (text.includes(secret.slice(i, i + 16))) throw new Error(`${where} holds part of a secret (at ${i})`)
  }
}

/** Every file under `dir`, as latin1 text. */
function filesUnder(dir: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.set(join(entry.parentPath, entry.name), readFileSync(join(entry.parentPath, entry.name), 'latin1'))
  }
  return out
}

/** The argv and environment the kernel holds for `pid` (what another process of the user could read). */
function procSecrets(pid: number): { cmdline: string; environ: string } {
  return { cmdline: readFileSync(`/proc/${pid}/cmdline`, 'latin1'), environ: readFileSync(`/proc/${pid}/environ`, 'latin1') }
}

beforeAll(() => {
  if (!existsSync(BUILT_CLI)) throw new Error('the CLI is not built: run npm run build first (npm test does)')
})

describe('the file vault with no D-Bus (env -u DBUS_SESSION_BUS_ADDRESS)', () => {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'keyward-file-vault-')))
  const home = join(root, 'data')
  const env = noDbusEnv(home)
  const one = join(root, 'projects', 'one')
  const two = join(root, 'projects', 'two')
  const keys = { one: freshKey(), two: freshKey() }
  const secrets: string[] = [keys.one, keys.two, TEST_PASSPHRASE]
  let daemon: VaultDaemon | undefined

  afterAll(async () => {
    await daemon?.stop()
    rmSync(root, { recursive: true, force: true })
  })

  it('init, unlock, add two keys, bind two directories, serve each, lock, refuse; the file decrypts with any age; no secret anywhere', async () => {
    execFileSync('mkdir', ['-p', one, two])
    expect(env.DBUS_SESSION_BUS_ADDRESS).toBeUndefined()

    // Without a keychain and without a file vault, add names both ways out.
    const noBackend = await keyward(['add', 'one', '--key-stdin'], env, { input: keys.one })
    expect(noBackend.code).toBe(4)
    expect(noBackend.stderr).toMatch(/Secret Service|keyring/)
    expect(noBackend.stderr).toContain('keyward vault init --backend file')

    const init = await keyward(['vault', 'init', '--backend', 'file', '--passphrase-stdin'], env, { input: `${TEST_PASSPHRASE}\n` })
    expect(init, init.stderr).toMatchObject({ code: 0 })
    expect(JSON.parse(readFileSync(join(home, 'config.json'), 'utf8')).vault).toEqual({ backend: 'file' })

    daemon = await startVaultDaemon(env)
    const passphraseFile = join(root, 'passphrase')
    writeFileSync(passphraseFile, `${TEST_PASSPHRASE}\n`, { mode: 0o600 })
    const unlock = await keyward(['unlock', '--passphrase-file', passphraseFile], env)
    expect(unlock, unlock.stderr).toMatchObject({ code: 0, stdout: expect.stringContaining('is unlocked in the daemon since') })

    for (const name of ['one', 'two'] as const) {
      const added = await keyward(['add', name, '--key-stdin'], env, { input: keys[name] })
      expect(added, added.stderr).toMatchObject({ code: 0, stdout: expect.stringContaining('to the file vault') })
      expect((await keyward(['use', name, '--dir', name === 'one' ? one : two], env)).code).toBe(0)
    }
    expect(await keyward(['helper'], env, { cwd: one })).toMatchObject({ code: 0, stdout: `${keys.one}\n`, stderr: '' })
    expect(await keyward(['helper'], env, { cwd: two })).toMatchObject({ code: 0, stdout: `${keys.two}\n`, stderr: '' })
    expect((await keyward(['exec', '--', 'sh', '-c', 'printf %s "$ANTHROPIC_API_KEY"'], env, { cwd: two })).stdout).toBe(keys.two)

    // A rename goes through the daemon too: the vault holds the key under the new name only.
    expect((await keyward(['rename', 'two', 'deux'], env)).code).toBe(0)
    expect(await keyward(['helper'], env, { cwd: two })).toMatchObject({ code: 0, stdout: `${keys.two}\n` })
    expect((await keyward(['rename', 'deux', 'two'], env)).code).toBe(0)

    const status = JSON.parse((await keyward(['vault', 'status', '--json'], env)).stdout)
    expect(status).toMatchObject({ backend: 'file', fileExists: true, daemonRunning: true, unlocked: true, autoLockMinutes: 720 })

    // No key in the argv or environment of the daemon, nor of a running `keyward exec` (its child has it, by design).
    expectNoSecretIn(`daemon ${daemon.pid} argv/environ`, JSON.stringify(procSecrets(daemon.pid)), secrets)
    const exec = spawn(resolve('bin/keyward'), ['exec', '--', 'sleep', '3'], { env, cwd: one, stdio: 'ignore' })
    const execExited = new Promise((r) => exec.once('exit', r))
    await new Promise((r) => setTimeout(r, 1_000))
    expectNoSecretIn(`keyward exec ${exec.pid} argv/environ`, JSON.stringify(procSecrets(exec.pid!)), secrets)
    await execExited

    // The vault decrypts with age-encryption and with Debian's age CLI, to both keys.
    const bytes = readFileSync(join(home, 'vault.age'))
    const decrypter = new Decrypter()
    decrypter.addPassphrase(TEST_PASSPHRASE)
    const plain = JSON.parse(await decrypter.decrypt(bytes, 'text')) as { secrets: Record<string, string> }
    expect(plain.secrets).toMatchObject({ one: keys.one, two: keys.two })
    if (!hasAgeCli || !hasScript) console.log(`SKIPPED: the age CLI check: ${hasAgeCli ? '' : 'age '}${hasScript ? '' : 'script '}not installed`)
    else {
      const out = join(root, 'age-out.json')
      // age reads the passphrase from /dev/tty: script(1) gives it a pty and feeds our stdin to it.
      const aged = spawnSync('script', ['-qec', `age -d -o '${out}' '${join(home, 'vault.age')}'`, '/dev/null'], { input: `${TEST_PASSPHRASE}\n`, timeout: 30_000 })
      expect(aged.status, aged.stdout.toString() + aged.stderr.toString()).toBe(0)
      expect(JSON.parse(readFileSync(out, 'utf8')).secrets).toMatchObject({ one: keys.one, two: keys.two })
      rmSync(out)
    }

    // Lock: the helper, exec and env refuse with one stderr line naming keyward unlock, exit 4, nothing on stdout.
    expect((await keyward(['lock'], env)).code).toBe(0)
    for (const args of [['helper'], ['exec', '--', 'true'], ['env']]) {
      const refused = await keyward(args, env, { cwd: one })
      expect(refused, args.join(' ')).toMatchObject({ code: 4, stdout: '' })
      expect(refused.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1)
      expect(refused.stderr).toContain('keyward unlock')
    }

    // Stopped: the daemon's memory is gone; the helper says how to start it and unlock.
    await daemon.stop()
    const stopped = await keyward(['helper'], env, { cwd: one })
    expect(stopped).toMatchObject({ code: 4, stdout: '' })
    expect(stopped.stderr).toMatch(/no Keyward daemon is running.*keyward daemon.*keyward unlock/)

    // No daemon and no terminal (setsid: no controlling tty): a change says to start the daemon and unlock.
    const three = freshKey()
    secrets.push(three)
    const noTty = spawnSync('setsid', ['-w', resolve('bin/keyward'), 'add', 'three', '--key-stdin'], { env, input: three, encoding: 'utf8', timeout: 30_000 })
    expect(noTty.status, noTty.stderr).toBe(4)
    expect(noTty.stderr).toMatch(/no terminal to ask for its passphrase.*keyward unlock/)
    // No daemon, a terminal (a pty from script): the CLI asks the passphrase without echo and rewrites the vault itself.
    if (hasScript) {
      const pty = spawn('script', ['-qec', `'${resolve('bin/keyward')}' add three`, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'] })
      // Listened for at once: script may close before the last prompt is answered and checked.
      const ptyClosed = new Promise((r) => pty.once('close', r))
      let screen = ''
      pty.stdout!.on('data', (c: Buffer) => (screen += c.toString()))
      const waitFor = async (text: string) => {
        for (let i = 0; i < 300 && !screen.includes(text); i++) await new Promise((r) => setTimeout(r, 100))
        expect(screen).toContain(text)
      }
      await waitFor('Paste the API key')
      pty.stdin!.write(`${three}\n`)
      await waitFor('Passphrase for the file vault')
      pty.stdin!.write(`${TEST_PASSPHRASE}\n`)
      await waitFor('Added profile three')
      pty.stdin!.end()
      await ptyClosed
      expectNoSecretIn('the terminal (echo)', screen, secrets)
      const after = new Decrypter()
      after.addPassphrase(TEST_PASSPHRASE)
      expect(JSON.parse(await after.decrypt(readFileSync(join(home, 'vault.age')), 'text')).secrets).toMatchObject({ one: keys.one, two: keys.two, three })
    }

    // As a systemd service: the daemon unlocks at start with the credential keyward-vault-passphrase.
    const credentials = join(root, 'credentials')
    execFileSync('mkdir', ['-m', '700', credentials])
    writeFileSync(join(credentials, 'keyward-vault-passphrase'), TEST_PASSPHRASE, { mode: 0o400 })
    const service = await startVaultDaemon({ ...env, CREDENTIALS_DIRECTORY: credentials })
    try {
      expect(JSON.parse((await keyward(['vault', 'status', '--json'], env)).stdout)).toMatchObject({ unlocked: true })
      expect(await keyward(['helper'], env, { cwd: one })).toMatchObject({ code: 0, stdout: `${keys.one}\n` })
    } finally {
      await service.stop()
    }
    expectNoSecretIn('the service daemon log', service.stderr(), secrets)

    // No key or passphrase in any file under the data dir (the vault file is ciphertext).
    for (const [path, text] of filesUnder(home)) expectNoSecretIn(path, text, secrets)
    expectNoSecretIn('the daemon log', daemon.stderr(), secrets)
  }, 150_000)
})

const keyring = await secretServiceAvailable()
if (!keyring.available) console.log(`${keyring.reason} (file vault migration to and from the real keychain)`)

describe.skipIf(!keyring.available)('keyward vault migrate between the real Secret Service and the file vault', () => {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'keyward-migrate-')))
  const home = join(root, 'data')
  const env: NodeJS.ProcessEnv = { ...noDbusEnv(home), DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS }
  const project = join(root, 'project')
  const names = [`fvmig-a-${process.pid}`, `fvmig-b-${process.pid}`]
  const keys = [freshKey(), freshKey()]

  afterAll(async () => {
    for (const name of names) await keytar.deletePassword('keyward', name).catch(() => false)
    rmSync(root, { recursive: true, force: true })
  })

  it('moves every key to the file and back, none lost, the source cleared only after the switch', async () => {
    execFileSync('mkdir', ['-p', project])
    for (const [i, name] of names.entries()) expect((await keyward(['add', name, '--key-stdin'], env, { input: keys[i] })).code).toBe(0)
    expect((await keyward(['use', names[0]!, '--dir', project], env)).code).toBe(0)

    const toFile = await keyward(['vault', 'migrate', '--to', 'file', '--passphrase-stdin'], env, { input: TEST_PASSPHRASE })
    expect(toFile, toFile.stderr).toMatchObject({ code: 0, stdout: expect.stringContaining('they were deleted from the OS keychain') })
    for (const name of names) expect(await keytar.getPassword('keyward', name)).toBeNull()
    const decrypter = new Decrypter()
    decrypter.addPassphrase(TEST_PASSPHRASE)
    expect(JSON.parse(await decrypter.decrypt(readFileSync(join(home, 'vault.age')), 'text')).secrets).toMatchObject({ [names[0]!]: keys[0], [names[1]!]: keys[1] })

    const daemon = await startVaultDaemon(env)
    try {
      expect((await keyward(['unlock', '--passphrase-stdin'], env, { input: TEST_PASSPHRASE })).code).toBe(0)
      expect(await keyward(['helper'], env, { cwd: project })).toMatchObject({ code: 0, stdout: `${keys[0]}\n` })
      // Migrating under a running daemon would leave it serving from the old backend: refused.
      expect(await keyward(['vault', 'migrate', '--to', 'keychain', '--passphrase-stdin'], env, { input: TEST_PASSPHRASE })).toMatchObject({
        code: 1,
        stderr: expect.stringContaining('stop it first'),
      })
    } finally {
      await daemon.stop()
    }

    const toKeychain = await keyward(['vault', 'migrate', '--to', 'keychain', '--passphrase-stdin'], env, { input: TEST_PASSPHRASE })
    expect(toKeychain, toKeychain.stderr).toMatchObject({ code: 0, stdout: expect.stringContaining('the old vault file is kept at') })
    for (const [i, name] of names.entries()) expect(await keytar.getPassword('keyward', name)).toBe(keys[i])
    expect(readdirSync(home).some((f) => f.startsWith('vault.age.migrated-'))).toBe(true)
    expect(existsSync(join(home, 'vault.age'))).toBe(false)
    expect(await keyward(['helper'], env, { cwd: project })).toMatchObject({ code: 0, stdout: `${keys[0]}\n` })
  }, 150_000)
})
