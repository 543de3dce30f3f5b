import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startKeySocketServer } from '../../core/serving/socket/socket-server'

/*
 * What the built helper (out/cli/helper/keyward) makes Node load on its common path, a
 * running daemon answering over the socket: Node's own modules cost start-up time (node:net with
 * its streams about 4 ms, node:fs/promises with readline and fs watchers about 2 ms on the build
 * machine), so this checks the list, not a time. Like bundle.test.ts it reads out/cli as built.
 */

const ENTRY = resolve('out/cli/helper/keyward')
const built = existsSync(ENTRY)
if (!built && process.env.CI !== 'true') process.stderr.write('skipping the helper module check: out/cli is not built; run: vite build --config cli.vite.config.ts\n')

const KEY = `sk-ant-api03-${'k'.repeat(93)}AA`
let dir: string
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe.skipIf(!built && process.env.CI !== 'true')('the built helper, answered by a daemon', () => {
  /** Runs the built helper against a socket server, recording the modules Node loaded. */
  async function runHelper(extraEnv: NodeJS.ProcessEnv = {}): Promise<{ code: unknown; stdout: string; stderr: string; loaded: string[] }> {
    dir = mkdtempSync(join(tmpdir(), 'kw-helper-modules-'))
    const dataDir = join(dir, 'home')
    const server = await startKeySocketServer({ dataDir, peers: null, keys: { resolve: async () => ({ profile: 'work', key: KEY }) } })
    const listFile = join(dir, 'modules.txt')
    const preload = join(dir, 'record-modules.cjs')
    writeFileSync(preload, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(listFile)}, process.moduleLoadList.join('\\n')))\n`)
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, KEYWARD_HOME: dataDir, KEYWARD_SOCKET: undefined, ...extraEnv }
      const child = spawn(process.execPath, ['-r', preload, ENTRY, 'helper'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] })
      let stdout = ''
      let stderr = ''
      child.stdout.on('data', (chunk) => (stdout += chunk))
      child.stderr.on('data', (chunk) => (stderr += chunk))
      const code = await new Promise((done) => child.on('close', done))
      return { code, stdout, stderr, loaded: readFileSync(listFile, 'utf8').split('\n') }
    } finally {
      await server.close()
    }
  }

  it("prints the key having loaded neither node:net (it talks through Node's pipe handle) nor node:fs/promises", async () => {
    const { loaded, ...result } = await runHelper()
    expect(result).toEqual({ code: 0, stdout: `${KEY}\n`, stderr: '' })
    expect(loaded.filter((name) => /^NativeModule (net|stream|fs\/promises|internal\/fs\/promises|readline)$/.test(name))).toEqual([])
  })

  it('falls back to node:net, silently, when Node would warn about its pipe handle (--pending-deprecation)', async () => {
    const { loaded, ...result } = await runHelper({ NODE_OPTIONS: '--pending-deprecation' })
    expect(result).toEqual({ code: 0, stdout: `${KEY}\n`, stderr: '' })
    expect(loaded).toContain('NativeModule net')
  })

  it('is also the direct launcher: the full CLI and the status line load beside it, and the legacy launcher runs it', async () => {
    const direct = readFileSync(ENTRY, 'utf8').startsWith('#!')
    if (!direct) {
      process.stdout.write('SKIPPED: out/cli/helper/keyward has no #! line (this build found no project Node to name)\n')
      return
    }
    dir = mkdtempSync(join(tmpdir(), 'kw-helper-launcher-'))
    const env: NodeJS.ProcessEnv = { ...process.env, KEYWARD_HOME: join(dir, 'home'), KEYWARD_SOCKET: undefined }
    const run = (file: string, args: string[], input = '') => spawnSync(file, args, { cwd: dir, env, input, encoding: 'utf8' })
    const version = run(ENTRY, ['--version'])
    expect({ status: version.status, stdout: version.stdout }).toEqual({ status: 0, stdout: `${run(resolve('bin/keyward'), ['--version']).stdout}` })
    const line = run(ENTRY, ['statusline'], '{}')
    expect({ status: line.status, stdout: line.stdout }).toEqual({ status: 0, stdout: 'no key bound here\n' })
    const server = await startKeySocketServer({ dataDir: env.KEYWARD_HOME!, peers: null, keys: { resolve: async () => ({ profile: 'work', key: KEY }) } })
    try {
      const legacy = spawn(resolve('out/cli/launcher/keyward'), ['helper'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] })
      let stdout = ''
      legacy.stdout.on('data', (chunk) => (stdout += chunk))
      expect(await new Promise((done) => legacy.on('close', done))).toBe(0)
      expect(stdout).toBe(`${KEY}\n`)
    } finally {
      await server.close()
    }
  })
})

describe.skipIf(!built && process.env.CI !== 'true')('the built helper without a daemon (its file-system calls block)', () => {
  it.each([
    ['a FIFO', (path: string) => spawnSync('mkfifo', ['-m', '600', path]), 'is a FIFO (named pipe), not a regular file'],
    ['a directory', (path: string) => mkdirSync(path), 'is a directory, not a regular file'],
    ['a link to /dev/zero', (path: string) => symlinkSync('/dev/zero', path), 'is a symbolic link; Keyward never follows links'],
  ] as const)('refuses a config.json that is %s at once, saying why, and never reads it', (_what, make, reason) => {
    dir = mkdtempSync(join(tmpdir(), 'kw-helper-config-'))
    const home = join(dir, 'home')
    mkdirSync(home, { mode: 0o700 })
    make(join(home, 'config.json'))
    const env: NodeJS.ProcessEnv = { ...process.env, KEYWARD_HOME: home, KEYWARD_SOCKET: undefined }
    const run = spawnSync(process.execPath, [ENTRY, 'helper'], { cwd: dir, env, encoding: 'utf8', timeout: 20_000 })
    expect({ signal: run.signal, stdout: run.stdout }).toEqual({ signal: null, stdout: '' })
    expect(run.status).not.toBe(0)
    expect(run.stderr).toContain(`${join(home, 'config.json')} ${reason}`)
    expect(run.stderr.trim().split('\n')).toHaveLength(1)
  })
})
