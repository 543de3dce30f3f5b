import { mkdir, mkdtemp, realpath } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startForwardSocketServer } from '../../core/serving/forward/forward-server'
import type { KeySocketServer } from '../../core/serving/socket/socket-server'
import { apiKey, createTempVault } from '../../core/vault/temp-vault.test-support'
import { askForwarded } from './helper-forwarded'

describe('the remote helper over a forwarded socket', () => {
  let server: KeySocketServer | null = null
  afterEach(async () => {
    await server?.close()
    server = null
  })

  /** A laptop (a vault with forwardable `shared`) behind a forwarding socket, and a remote data dir binding two directories. */
  async function setup() {
    const laptop = await createTempVault()
    await laptop.profiles.add({ name: 'shared', kind: 'api', key: apiKey('L') })
    await laptop.profiles.setForwardable('shared', true)
    const dir = await realpath(await mkdtemp(join(tmpdir(), 'kw-fwdhelper-')))
    server = await startForwardSocketServer({ keys: laptop.keys, location: { path: join(dir, 'f.sock'), dir, kind: 'data' } })
    // The relay's hello is what the laptop's keyward ssh writes; here the test is the relay.
    const remote = await createTempVault()
    await remote.profiles.add({ name: 'own', kind: 'api', key: apiKey('R') })
    const forwardedDir = join(dir, 'forwarded')
    const ownDir = join(dir, 'own')
    await mkdir(forwardedDir)
    await mkdir(ownDir)
    await remote.bindings.set(forwardedDir, 'shared', { forwarded: true })
    await remote.bindings.set(ownDir, 'own')
    return { laptop, remote, dir, forwardedDir, ownDir, path: server.location.path }
  }

  it('is refused by the laptop when it reaches the forwarding socket without the relay hello of keyward ssh', async () => {
    const { remote, forwardedDir, path } = await setup()
    // Straight to the forwarding socket (no keyward ssh relay in between): refused, nothing served.
    expect(await askForwarded(remote.dataDir, path, { cwd: forwardedDir })).toMatchObject({ kind: 'error', code: 'INVALID_INPUT', message: expect.stringContaining('hello of keyward ssh') })
  })

  it('leaves a profile the remote stores itself to its own keychain (the well-known socket only), and asks for the others', async () => {
    const { remote, ownDir, forwardedDir, dir } = await setup()
    const nobody = join(dir, 'gone.sock')
    expect(await askForwarded(remote.dataDir, nobody, { cwd: ownDir }, { preferStored: true })).toEqual({ kind: 'absent' })
    expect(await askForwarded(remote.dataDir, nobody, { cwd: forwardedDir }, { preferStored: true })).toMatchObject({
      kind: 'error',
      code: 'UNAVAILABLE',
      message: expect.stringContaining('does not answer'),
    })
    // Named by KEYWARD_SOCKET, the forwarded socket is asked even for a stored name.
    expect(await askForwarded(remote.dataDir, nobody, { cwd: ownDir })).toMatchObject({ kind: 'error', code: 'UNAVAILABLE' })
  })

  it('passes on the remote binding errors as they are (nothing bound here)', async () => {
    const { remote, dir, path } = await setup()
    expect(await askForwarded(remote.dataDir, path, { cwd: dir })).toMatchObject({ kind: 'error', code: 'NOT_BOUND', message: expect.stringContaining('keyward use') })
  })
})
