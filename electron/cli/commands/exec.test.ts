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

  it('answers 127 for a command that does not exist', async () => {
    const { io, err } = bufferIO()
    expect(await runExec({ command: 'keyward-no-such-command', args: [] }, io, fakeKey)).toBe(127)
    expect(err.join('')).toMatch(/command not found/)
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
