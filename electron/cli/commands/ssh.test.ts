import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import type { CliIO } from '../io'
import { parseSshArgs } from '../ssh/ssh-args'
import { runSsh } from './ssh'

const hasSsh = spawnSync('ssh', ['-V']).status === 0
if (!hasSsh) process.stdout.write('SKIPPED: keyward ssh without an app or daemon: the ssh client is missing (apt-get install openssh-client)\n')

describe.skipIf(!hasSsh)('keyward ssh', () => {
  it('refuses to connect when no app or daemon runs here to forward from, before running ssh', async () => {
    const home = mkdtempSync(join(tmpdir(), 'kw-ssh-none-'))
    const err: string[] = []
    const io: CliIO = { stdout: { write: () => {} }, stderr: { write: (t: string) => err.push(t) }, stdin: new PassThrough(), env: { ...process.env, KEYWARD_HOME: home }, cwd: home }
    // ssh -G only reads configuration; the session itself must never start.
    await expect(runSsh(parseSshArgs(['-o', 'HostName=127.0.0.1', '-p', '1', 'nobody@devbox', 'true']), io)).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: 'no Keyward app or daemon is running on this machine to forward keys from; start the app, or run: keyward daemon',
    })
    expect(err).toEqual([])
    rmSync(home, { recursive: true, force: true })
  })

  it('says how to check a destination ssh cannot work out', async () => {
    const home = mkdtempSync(join(tmpdir(), 'kw-ssh-bad-'))
    const io: CliIO = { stdout: { write: () => {} }, stderr: { write: () => {} }, stdin: new PassThrough(), env: { ...process.env, KEYWARD_HOME: home }, cwd: home }
    await expect(runSsh(parseSshArgs(['-F', join(home, 'no-such-config'), 'devbox']), io)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('check the host and options with: ssh -G HOST'),
    })
    rmSync(home, { recursive: true, force: true })
  })
})
