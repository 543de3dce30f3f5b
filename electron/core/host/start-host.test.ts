import { existsSync } from 'node:fs'
import { connect } from 'node:net'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { KeywardError } from '../../../shared/errors'
import type { Core } from '../core'
import type { Approver } from '../alerts/notify/approver'
import { askForKey } from '../serving/socket/socket-client'
import { socketLocation } from '../serving/socket/socket-path'
import { createMemoryKeychain } from '../vault/memory-keychain'
import { apiKey } from '../vault/temp-vault.test-support'
import { forwardSocketLocation } from '../serving/forward/forward-wire'
import { type HostOptions, type HostParts, type RunningHost, startHost } from './start-host'

const cleanup: (() => Promise<unknown>)[] = []
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn()
  cleanup.length = 0
})

/** A host over a temp data directory and an in-memory keychain; its log lines and warnings kept. */
async function host(options: Partial<HostOptions> = {}): Promise<{ host: RunningHost; lines: string[]; warnings: string[] }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'kw-host-'))
  cleanup.push(() => rm(dataDir, { recursive: true, force: true }))
  const lines: string[] = []
  const warnings: string[] = []
  const running = await startHost({ host: 'electron', env: { KEYWARD_HOME: dataDir }, keychain: createMemoryKeychain(), log: (l) => lines.push(l), warn: (m) => warnings.push(m), ...options })
  cleanup.push(() => running.close())
  return { host: running, lines, warnings }
}

describe('startHost over the real core and sockets', () => {
  // The helper sends its own working directory, which the socket checks against the real one (peer credentials).
  it('serves the core’s keys to the helper over the key socket, and removes both sockets on close', async () => {
    const { host: h, lines, warnings } = await host()
    await h.core.vault.profiles.add({ name: 'acme', kind: 'api', key: apiKey('A') })
    await h.core.vault.profiles.setDefault('acme')
    expect(await askForKey(h.keySocket, { cwd: process.cwd(), agent: 'test' })).toEqual({ kind: 'key', profile: 'acme', key: apiKey('A') })
    expect(warnings).toEqual([])
    expect(lines.join('\n')).not.toContain(apiKey('A'))
    await h.close()
    expect(existsSync(h.keySocket.path)).toBe(false)
    expect(existsSync(h.forwardSocket!.path)).toBe(false)
  })

  it('also starts the separate forwarding socket for keyward ssh, where the host’s approver sees the remote host', async () => {
    const asked: (string | undefined)[] = []
    const approver: Approver = { request: async (r) => (asked.push(r.host), 'approved') }
    const { host: h } = await host({ approver })
    await h.core.vault.profiles.add({ name: 'acme', kind: 'api', key: apiKey('A'), requiresApproval: true })
    await h.core.vault.profiles.setForwardable('acme', true)
    const forward = forwardSocketLocation(socketLocation(h.core.dataDir, {}))
    expect(h.forwardSocket).toEqual(forward)
    const reply = await new Promise<string>((resolve, reject) => {
      const client = connect(forward.path)
      let text = ''
      client.setEncoding('utf8').on('data', (chunk: string) => {
        text += chunk
        if (!text.includes('\n')) return
        client.destroy()
        resolve(text)
      })
      client.on('error', reject)
      client.write(`${JSON.stringify({ v: 1, op: 'forwarded', host: 'dev@box', session: 'ab'.repeat(16) })}\n${JSON.stringify({ v: 1, op: 'resolve', cwd: '/srv/app', profile: 'acme' })}\n`)
    })
    expect(JSON.parse(reply)).toEqual({ v: 1, ok: true, profile: 'acme', key: apiKey('A') })
    expect(asked).toEqual(['dev@box'])
  })

  it('asks the host’s approver over the key socket for a guarded profile: denied is NOT_ALLOWED, approved serves', async () => {
    let answer: 'approved' | 'denied' = 'denied'
    const asked: string[] = []
    const { host: h } = await host({ approver: { request: async (r) => (asked.push(`${r.profile}:${r.tool}`), answer) } })
    await h.core.vault.profiles.add({ name: 'acme', kind: 'api', key: apiKey('A'), requiresApproval: true })
    await h.core.vault.profiles.setDefault('acme')
    expect(await askForKey(h.keySocket, { cwd: process.cwd(), agent: 'claude' })).toMatchObject({ kind: 'error', code: 'NOT_ALLOWED', message: expect.stringContaining('keyward guard acme --off') })
    answer = 'approved'
    expect(await askForKey(h.keySocket, { cwd: process.cwd(), agent: 'claude' })).toEqual({ kind: 'key', profile: 'acme', key: apiKey('A') })
    expect(asked).toEqual(['acme:claude', 'acme:claude'])
  })

  it('stops with CONFLICT, naming the holder, when another app or daemon serves this data directory; the core it built is closed', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'kw-host-'))
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }))
    const env = { KEYWARD_HOME: dataDir }
    const first = await startHost({ host: 'daemon', env, keychain: createMemoryKeychain(), log: () => {}, warn: () => {} })
    cleanup.push(() => first.close())
    let second: Core | undefined
    const closing = vi.fn()
    const attempt = startHost({
      host: 'electron',
      env,
      keychain: createMemoryKeychain(),
      log: () => {},
      warn: () => {},
      parts: {
        createCore: async (options) => {
          const { createCore } = await import('../core')
          second = await createCore(options)
          const close = second.close
          return { ...second, close: async () => (closing(), close()) }
        },
      },
    })
    await expect(attempt).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/already serving keys/) })
    expect(second).toBeDefined()
    expect(closing).toHaveBeenCalledTimes(1)
    // The first host still serves.
    expect(existsSync(first.keySocket.path)).toBe(true)
  })
})

/** A fake core: what startHost touches, with each call recorded in `calls`. */
function fakeCore(calls: string[]): Core {
  return {
    dataDir: '/data',
    fileVault: null,
    vault: { keychain: createMemoryKeychain() },
    orgAdmin: { orgs: { addDemo: async () => void calls.push('demo') } },
    usage: { sync: { start: (ms: number) => void calls.push(`sync every ${ms / 60_000} min`) } },
    channels: { outbox: { start: () => void calls.push('outbox') } },
    close: async () => void calls.push('core closed'),
  } as unknown as Core
}

/** Fake parts over `calls`; `fail` names the step that throws. */
function fakeParts(calls: string[], fail?: 'key socket' | 'forward socket' | 'keychain'): HostParts {
  const socket = (name: string) => ({ location: { path: `/run/${name}`, dir: '/run', kind: 'data' as const }, close: async () => void calls.push(`${name} closed`) })
  return {
    createCore: async () => (calls.push('core'), fakeCore(calls)),
    keychainWarning: async () => {
      if (fail === 'keychain') throw new Error('the probe crashed')
      return 'no keychain here: use the file vault'
    },
    startKeySocket: async () => {
      calls.push('key socket')
      if (fail === 'key socket') throw new KeywardError('INTERNAL', 'EACCES on the socket directory')
      return socket('key.sock')
    },
    startForwardSocket: async () => {
      calls.push('forward socket')
      if (fail === 'forward socket') throw new Error('EADDRINUSE')
      return socket('forward.sock')
    },
  }
}

describe('startHost’s one sequence and failure policy (over fakes)', () => {
  const start = (calls: string[], warnings: string[], fail?: Parameters<typeof fakeParts>[1], extra: Partial<HostOptions> = {}) =>
    startHost({ host: 'daemon', env: { KEYWARD_SYNC_INTERVAL_MINUTES: '7' }, log: () => {}, warn: (m) => warnings.push(m), parts: fakeParts(calls, fail), ...extra })

  it('runs core, keychain notice, key socket, forward socket, demo org, sync, outbox in that order; close stops the sockets, then the core', async () => {
    const calls: string[] = []
    const warnings: string[] = []
    const h = await start(calls, warnings, undefined, { addDemo: true })
    expect(calls).toEqual(['core', 'key socket', 'forward socket', 'demo', 'sync every 7 min', 'outbox'])
    expect(warnings).toEqual(['no keychain here: use the file vault'])
    await h.close()
    expect(calls.slice(6)).toEqual(['forward.sock closed', 'key.sock closed', 'core closed'])
  })

  it('a key socket that cannot start is fatal: the error is the socket’s own, and the core is closed before it is thrown', async () => {
    const calls: string[] = []
    await expect(start(calls, [], 'key socket')).rejects.toThrow('EACCES on the socket directory')
    expect(calls).toEqual(['core', 'key socket', 'core closed'])
  })

  it('a forwarding socket that cannot start is a warning: the host runs on without it', async () => {
    const calls: string[] = []
    const warnings: string[] = []
    const h = await start(calls, warnings, 'forward socket')
    expect(h.forwardSocket).toBeNull()
    expect(warnings.at(-1)).toMatch(/the forwarding socket did not start, so keyward ssh cannot forward keys from this host \(EADDRINUSE\)/)
    expect(calls).toContain('outbox')
    await h.close()
    expect(calls.slice(-2)).toEqual(['key.sock closed', 'core closed'])
  })

  it('a keychain check that fails is a notice too, never fatal', async () => {
    const warnings: string[] = []
    await start([], warnings, 'keychain')
    expect(warnings).toEqual(['the keychain could not be checked: the probe crashed'])
  })

  it('a demo org that cannot be added is a warning with what to do; the host runs on', async () => {
    const calls: string[] = []
    const warnings: string[] = []
    const parts = fakeParts(calls)
    const h = await startHost({
      host: 'daemon',
      env: {},
      log: () => {},
      warn: (m) => warnings.push(m),
      addDemo: true,
      parts: {
        ...parts,
        createCore: async () => ({ ...fakeCore(calls), orgAdmin: { orgs: { addDemo: async () => Promise.reject(new Error('the demo org is served by pid 42')) } } }) as unknown as Core,
      },
    })
    expect(warnings.at(-1)).toBe('the demo org was not added (the demo org is served by pid 42); try again with: keyward demo')
    expect(calls).toContain('outbox')
    await h.close()
  })
})
