import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import type { CliIO } from '../io'
import { type HelperDeps, HelperUsageError, helperFailureLine, parseHelperArgs, runHelper } from './helper'

const KEY = `sk-ant-api03-${'k'.repeat(86)}AA`

function bufferIO(cwd = '/home/me/acme', env: NodeJS.ProcessEnv = {}) {
  const out: string[] = []
  const err: string[] = []
  const io: CliIO = { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) }, stdin: new PassThrough(), env, cwd }
  return { io, out, err }
}

const never = async (): Promise<never> => {
  throw new Error('should not be called')
}

describe('keyward helper', () => {
  it('prints exactly the key and one newline when the daemon answers', async () => {
    const { io, out, err } = bufferIO('/home/me/acme', { AI_AGENT: 'claude-code_2.1_harness' })
    const asked: unknown[] = []
    const deps: HelperDeps = { ask: async (r) => (asked.push(r), { kind: 'key', profile: 'acme', key: KEY }), direct: never }
    expect(await runHelper({}, io, deps)).toBe(0)
    expect(out.join('')).toBe(`${KEY}\n`)
    expect(err).toEqual([])
    expect(asked).toEqual([{ cwd: '/home/me/acme', agent: 'claude-code_2.1_harness' }])
  })

  it('resolves directly when no daemon runs, passing a forced profile', async () => {
    const { io, out } = bufferIO()
    const seen: unknown[] = []
    const deps: HelperDeps = { ask: async () => ({ kind: 'absent' }), direct: async (r) => (seen.push(r), { kind: 'key', profile: 'x', key: KEY }) }
    expect(await runHelper({ profile: 'x' }, io, deps)).toBe(0)
    expect(out.join('')).toBe(`${KEY}\n`)
    expect(seen).toEqual([{ cwd: '/home/me/acme', profile: 'x' }])
  })

  it('on NOT_BOUND prints one stderr line naming the directory and the fix, nothing on stdout, exit 3', async () => {
    const { io, out, err } = bufferIO()
    const message = 'no key is bound to /home/me/acme or its parents; run: keyward use <profile> --dir /home/me/acme'
    const deps: HelperDeps = { ask: async () => ({ kind: 'error', code: 'NOT_BOUND', message }), direct: never }
    expect(await runHelper({}, io, deps)).toBe(3)
    expect(out).toEqual([])
    expect(err).toEqual([`keyward: ${message}\n`])
  })

  it('maps a locked keychain to exit 4 and names the directory even when the message does not', async () => {
    const { io, out, err } = bufferIO()
    const deps: HelperDeps = {
      ask: async () => ({ kind: 'absent' }),
      direct: async () => ({ kind: 'error', code: 'KEYCHAIN_UNAVAILABLE', message: 'the OS keychain could not read a key (locked);\nunlock it' }),
    }
    expect(await runHelper({}, io, deps)).toBe(4)
    expect(out).toEqual([])
    expect(err).toEqual(['keyward: in /home/me/acme: the OS keychain could not read a key (locked); unlock it\n'])
  })

  it('turns an unexpected throw into one redacted line and exit 1', async () => {
    const { io, out, err } = bufferIO()
    const deps: HelperDeps = {
      ask: async () => {
        throw new Error(`boom ${KEY}`)
      },
      direct: never,
    }
    expect(await runHelper({}, io, deps)).toBe(1)
    expect(out).toEqual([])
    expect(err).toHaveLength(1)
    expect(err[0]).not.toContain(KEY)
    expect(err[0]!.trimEnd().split('\n')).toHaveLength(1)
  })
})

describe('helperFailureLine', () => {
  it('is always one line that starts with keyward:', () => {
    expect(helperFailureLine('a\r\nb\n\nc', '/x')).toBe('keyward: in /x: a b c')
    expect(helperFailureLine('no key is bound to /x', '/x')).toBe('keyward: no key is bound to /x')
  })
})

describe('parseHelperArgs', () => {
  it('accepts --profile NAME and --profile=NAME, and rejects anything else', () => {
    expect(parseHelperArgs([])).toEqual({})
    expect(parseHelperArgs(['--profile', 'acme'])).toEqual({ profile: 'acme' })
    expect(parseHelperArgs(['--profile=acme'])).toEqual({ profile: 'acme' })
    expect(() => parseHelperArgs(['--profile'])).toThrow(HelperUsageError)
    expect(() => parseHelperArgs(['--profile='])).toThrow(HelperUsageError)
    expect(() => parseHelperArgs(['extra'])).toThrow(/unexpected argument "extra"/)
  })
})
