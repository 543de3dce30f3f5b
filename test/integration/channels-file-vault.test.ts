import { Decrypter } from 'age-encryption'
import { existsSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import keytar from 'keytar'
import { newAlertId } from '../../electron/core/alerts/channels/alert-from-notice'
import { createOutbox } from '../../electron/core/alerts/outbox/outbox'
import { TEST_PASSPHRASE, type VaultDaemon, keyward, noDbusEnv, startVaultDaemon } from '../support/file-vault'
import { secretServiceAvailable } from '../support/keyring'
import { type WebhookReceiver, startWebhookReceiver, waitFor } from '../support/receivers'

/*
 * Alert channels keep their secrets where the keys are: with the file vault, in vault.age (through
 * the unlocked daemon), never in the OS keychain, with or without a Secret Service running; and
 * `keyward vault migrate` carries them both ways. The real built CLI and daemon, a real receiver
 * that checks the HMAC signature (so a delivery proves the signing secret was read back).
 */

const BUILT_CLI = resolve('out/cli/keyward.js')
const SIGNING_SECRET = 'file-vault-signing-secret-0123456789abcdef'

/** The secrets vault.age holds, decrypted with age-encryption. */
async function vaultSecrets(home: string): Promise<Record<string, string>> {
  const decrypter = new Decrypter()
  decrypter.addPassphrase(TEST_PASSPHRASE)
  return (JSON.parse(await decrypter.decrypt(readFileSync(join(home, 'vault.age')), 'text')) as { secrets: Record<string, string> }).secrets
}

/** A file vault in `home`, a daemon holding it unlocked. */
async function unlockedFileVault(env: NodeJS.ProcessEnv): Promise<VaultDaemon> {
  const init = await keyward(['vault', 'init', '--backend', 'file', '--passphrase-stdin'], env, { input: `${TEST_PASSPHRASE}\n` })
  expect(init, init.stderr).toMatchObject({ code: 0 })
  const daemon = await startVaultDaemon(env)
  const unlock = await keyward(['unlock', '--passphrase-stdin'], env, { input: TEST_PASSPHRASE })
  expect(unlock, unlock.stderr).toMatchObject({ code: 0 })
  return daemon
}

/** Queues one alert for `channel` as the CLI does; the daemon's outbox delivers it. */
async function queueAlert(home: string, channel: string): Promise<string> {
  const id = newAlertId()
  const outbox = createOutbox({ dir: join(home, 'outbox'), open: async () => null, log: () => {} })
  await outbox.enqueue({ id, kind: 'budget-threshold', title: 'Budget exceeded', body: 'This month: 120.00 of 100.00 USD.', createdAt: new Date(Date.UTC(2026, 2, 1)).toISOString(), details: {} }, [
    channel,
  ])
  return id
}

/** Every file under `dir` as latin1 text, vault.age aside (ciphertext). */
function plainFilesUnder(dir: string): [string, string][] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && !e.name.startsWith('vault.age'))
    .map((e) => [join(e.parentPath, e.name), readFileSync(join(e.parentPath, e.name), 'latin1')])
}

beforeAll(() => {
  if (!existsSync(BUILT_CLI)) throw new Error('the CLI is not built: run npm run build first (npm test does)')
})

describe('alert channels on the file vault with no D-Bus at all', () => {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'keyward-channels-fv-')))
  const home = join(root, 'data')
  const env = noDbusEnv(home, { KEYWARD_OUTBOX_RETRY_MS: '200' })
  let daemon: VaultDaemon | undefined
  let receiver: WebhookReceiver

  afterAll(async () => {
    await daemon?.stop()
    await receiver?.close()
    rmSync(root, { recursive: true, force: true })
  })

  it('adds a webhook with its URL and secret on stdin, keeps both in vault.age, and delivers with them', async () => {
    expect(env.DBUS_SESSION_BUS_ADDRESS).toBeUndefined()
    receiver = await startWebhookReceiver(SIGNING_SECRET)
    daemon = await unlockedFileVault(env)

    const added = await keyward(['channels', 'add', 'ops', '--webhook', '-', '--format', 'json', '--secret-stdin'], env, { input: `${receiver.url}\n${SIGNING_SECRET}\n` })
    expect(added, added.stderr).toMatchObject({ code: 0, stdout: expect.stringContaining('its URL is in the file vault') })
    expect(JSON.parse((await vaultSecrets(home))['channel:ops']!)).toEqual({ url: receiver.url, signingSecret: SIGNING_SECRET })
    for (const [path, text] of plainFilesUnder(home)) expect(text.includes(SIGNING_SECRET), path).toBe(false)

    // The CLI reads the secrets back through the daemon: the receiver checks the signature with them.
    const tested = await keyward(['channels', 'test', 'ops'], env)
    expect(tested, tested.stderr).toMatchObject({ code: 0, stdout: expect.stringContaining('took the test alert') })
    expect(receiver.accepted.map((a) => a.body.kind)).toEqual(['test'])

    // The daemon delivers a queued alert with them too.
    const id = await queueAlert(home, 'ops')
    expect(await waitFor(() => receiver.accepted.some((a) => a.id === id), 20_000)).toBe(true)
    expect(receiver.badSignatures).toBe(0)

    // Locked: the channel's secrets are out of reach, and the error says how to get them back.
    expect((await keyward(['lock'], env)).code).toBe(0)
    const locked = await keyward(['channels', 'test', 'ops'], env)
    expect(locked).toMatchObject({ code: 4, stdout: '' })
    expect(locked.stderr).toContain('keyward unlock')
    expect(locked.stderr).not.toContain('OS keychain')
  }, 120_000)
})

const keyring = await secretServiceAvailable()
if (!keyring.available) console.log(`${keyring.reason} (channel secrets beside a real keychain)`)

describe.skipIf(!keyring.available)('alert channels on the file vault beside a real Secret Service, and vault migrate both ways', () => {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'keyward-channels-fvk-')))
  const home = join(root, 'data')
  const env: NodeJS.ProcessEnv = { ...noDbusEnv(home), DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS }
  // The keychain is shared by every data dir of this user: a name of this run only.
  const channel = `fvch-${process.pid}`
  const account = `channel:${channel}`
  let daemon: VaultDaemon | undefined
  let receiver: WebhookReceiver

  afterAll(async () => {
    await daemon?.stop()
    await receiver?.close()
    await keytar.deletePassword('keyward', account).catch(() => false)
    rmSync(root, { recursive: true, force: true })
  })

  it('keeps the secret out of the OS keychain, then migrate moves it to the keychain and back to the file', async () => {
    receiver = await startWebhookReceiver(SIGNING_SECRET)
    daemon = await unlockedFileVault(env)
    const added = await keyward(['channels', 'add', channel, '--webhook', '-', '--format', 'json', '--secret-stdin'], env, { input: `${receiver.url}\n${SIGNING_SECRET}\n` })
    expect(added, added.stderr).toMatchObject({ code: 0 })
    expect(await keytar.getPassword('keyward', account)).toBeNull()
    expect((await keytar.findCredentials('keyward')).map((c) => c.account)).not.toContain(account)
    expect(JSON.parse((await vaultSecrets(home))[account]!)).toMatchObject({ signingSecret: SIGNING_SECRET })
    await daemon.stop()
    daemon = undefined

    // To the keychain: the channel's secrets arrive there, and channels test reads them from it.
    const toKeychain = await keyward(['vault', 'migrate', '--to', 'keychain', '--passphrase-stdin'], env, { input: TEST_PASSPHRASE })
    expect(toKeychain, toKeychain.stderr).toMatchObject({ code: 0 })
    expect(JSON.parse((await keytar.getPassword('keyward', account))!)).toEqual({ url: receiver.url, signingSecret: SIGNING_SECRET })
    expect(await keyward(['channels', 'test', channel], env)).toMatchObject({ code: 0 })

    // And back to the file: in vault.age again, gone from the keychain, delivered through the daemon.
    writeFileSync(join(root, 'passphrase'), TEST_PASSPHRASE, { mode: 0o600 })
    const toFile = await keyward(['vault', 'migrate', '--to', 'file', '--passphrase-stdin'], env, { input: TEST_PASSPHRASE })
    expect(toFile, toFile.stderr).toMatchObject({ code: 0, stdout: expect.stringContaining('they were deleted from the OS keychain') })
    expect(await keytar.getPassword('keyward', account)).toBeNull()
    expect(JSON.parse((await vaultSecrets(home))[account]!)).toEqual({ url: receiver.url, signingSecret: SIGNING_SECRET })
    daemon = await startVaultDaemon(env)
    expect((await keyward(['unlock', '--passphrase-file', join(root, 'passphrase')], env)).code).toBe(0)
    expect(await keyward(['channels', 'test', channel], env)).toMatchObject({ code: 0 })
    expect(receiver.accepted).toHaveLength(2)
    expect(receiver.badSignatures).toBe(0)
  }, 150_000)
})
