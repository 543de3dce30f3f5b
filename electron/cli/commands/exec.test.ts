import { basename, dirname } from 'node:path'
import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import type { CliIO } from '../io'
import { parseExecArgs, runExec } from './exec'

const KEY = `sk-ant-api03-${'e'.repeat(86)}AA`

function bufferIO(env: NodeJS.ProcessEnv = {}) {
  const err: string[] = []
  const io: CliIO = { stdout: { write: () => true }, stderr: { write: (t: string) => err.push(t) }, stdin: new PassThrough(), env: { PATH: process.env.PATH, ...env }, cwd: process.cwd() }
  return { io, err }
}
const fakeKey = async () => ({ profile: 'acme', key: KEY })
const node = (code: string) => ({ command: process.execPath, args: ['-e', code] })

describe('keyward exec', () => {
  it('passes the exit code through', async () => {
    expect(await runExec(node('process.exit(0)'), bufferIO().io, fakeKey)).toBe(0)
    expect(await runExec(node('process.exit(7)'), bufferIO().io, fakeKey)).toBe(7)
  })

  it('maps death by signal to 128+n', async () => {
    expect(await runExec(node("process.kill(process.pid, 'SIGTERM')"), bufferIO().io, fakeKey)).toBe(143)
    expect(await runExec(node("process.kill(process.pid, 'SIGKILL')"), bufferIO().io, fakeKey)).toBe(137)
  })

  it('sets the key in the environment only, and removes ANTHROPIC_AUTH_TOKEN saying so', async () => {
    const { io, err } = bufferIO({ ANTHROPIC_AUTH_TOKEN: 'tok' })
    const check = `process.exit(process.env.ANTHROPIC_API_KEY === ${JSON.stringify(KEY)} && process.env.ANTHROPIC_AUTH_TOKEN === undefined && !process.argv.join(' ').includes('sk-ant') ? 0 : 9)`
    expect(await runExec(node(check), io, fakeKey)).toBe(0)
    expect(err.join('')).toMatch(/removed ANTHROPIC_AUTH_TOKEN/)
    expect(err.join('')).not.toContain(KEY)
  })

  it('answers 127 for a command not on PATH (or a path that is not there) without reading a key, so no key counts as served', async () => {
    for (const command of ['keyward-no-such-command', './no-such-dir/tool']) {
      const { io, err } = bufferIO()
      let asked = 0
      const counting = async () => {
        asked++
        return fakeKey()
      }
      expect(await runExec({ command, args: [] }, io, counting)).toBe(127)
      expect(asked).toBe(0)
      expect(err.join('')).toMatch(new RegExp(`^keyward: cannot run ${command.replace(/[./]/g, '\\$&')}: command not found.*; no key was read\n$`))
    }
  })

  it('finds a command by name on PATH, as the shell would', async () => {
    const { io } = bufferIO({ PATH: `/nonexistent:${dirname(process.execPath)}` })
    expect(await runExec({ command: basename(process.execPath), args: ['-e', 'process.exit(5)'] }, io, fakeKey)).toBe(5)
  })

  it('fails before running anything when there is no key', async () => {
    const noKey = async () => {
      throw Object.assign(new Error('no key is bound'), { name: 'KeywardError', code: 'NOT_BOUND' })
    }
    await expect(runExec(node('process.exit(0)'), bufferIO().io, noKey)).rejects.toMatchObject({ code: 'NOT_BOUND' })
  })
})

describe('parseExecArgs', () => {
  it('takes everything after -- or the first word as the command', () => {
    expect(parseExecArgs(['--', 'ls', '-la'])).toEqual({ command: 'ls', args: ['-la'] })
    expect(parseExecArgs(['ls', '--profile', 'x'])).toEqual({ command: 'ls', args: ['--profile', 'x'] })
    expect(parseExecArgs(['--profile', 'x', '--', 'ls'])).toEqual({ command: 'ls', args: [], profile: 'x' })
    expect(() => parseExecArgs(['--'])).toThrow(/needs a command/)
    expect(() => parseExecArgs(['-x', 'ls'])).toThrow(/unknown option -x/)
  })
})
