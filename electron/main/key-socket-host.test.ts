import { existsSync } from 'node:fs'
import { connect } from 'node:net'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { KeywardError } from '../../shared/errors'
import { type Core, createCore } from '../core/core'
import type { Approver } from '../core/alerts/notify/approver'
import { askForKey } from '../core/serving/socket/socket-client'
import { socketLocation } from '../core/serving/socket/socket-path'
import { startKeySocket } from '../core/serving/socket/start-key-socket'
import { createMemoryKeychain } from '../core/vault/memory-keychain'
import { apiKey } from '../core/vault/temp-vault.test-support'
import { startHostKeySocket } from './key-socket-host'
import { forwardSocketLocation } from '../core/serving/forward/forward-wire'

describe('startHostKeySocket', () => {
  const cleanup: (() => Promise<unknown>)[] = []
  afterEach(async () => {
    for (const fn of cleanup.reverse()) await fn()
    cleanup.length = 0
  })

  async function core(approver?: Approver): Promise<Core> {
    const dataDir = await mkdtemp(join(tmpdir(), 'kw-host-'))
    const c = await createCore({ host: 'electron', env: { KEYWARD_HOME: dataDir }, keychain: createMemoryKeychain(), log: () => {}, ...(approver && { approver }) })
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }), () => c.close())
    return c
  }

  // The helper sends its own working directory, which the socket checks against the real one (peer credentials).
  it('serves the core’s keys to the helper over the socket, and stops on close', async () => {
    const c = await core()
    await c.vault.profiles.add({ name: 'acme', kind: 'api', key: apiKey('A') })
    await c.vault.profiles.setDefault('acme')
    const warn = vi.fn()
    const lines: string[] = []
    const socket = await startHostKeySocket(c, { log: (l) => lines.push(l), warn, env: {} })
    expect(socket).not.toBeNull()
    expect(warn).not.toHaveBeenCalled()
    const reply = await askForKey(socketLocation(c.dataDir, {}), { cwd: process.cwd(), agent: 'test' })
    expect(reply).toEqual({ kind: 'key', profile: 'acme', key: apiKey('A') })
    expect(lines.join('\n')).not.toContain(apiKey('A'))
    await socket!.close()
  })

  it('also starts the separate forwarding socket for keyward ssh, where the app’s approver sees the remote host; both stop on close', async () => {
    const asked: (string | undefined)[] = []
    const c = await core({ request: async (r) => (asked.push(r.host), 'approved') })
    await c.vault.profiles.add({ name: 'acme', kind: 'api', key: apiKey('A'), requiresApproval: true })
    await c.vault.profiles.setForwardable('acme', true)
    const lines: string[] = []
    const socket = await startHostKeySocket(c, { log: (l) => lines.push(l), warn: vi.fn(), env: {} })
    const forward = forwardSocketLocation(socketLocation(c.dataDir, {}))
    expect(lines.join('\n')).toContain(`forwarding keys marked forwardable to \`keyward ssh\` sessions through ${forward.path}`)
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
    await socket!.close()
    expect(existsSync(forward.path)).toBe(false)
  })

  it('asks the app’s approver over the socket for a guarded profile: denied is NOT_ALLOWED, approved serves', async () => {
    let answer: 'approved' | 'denied' = 'denied'
    const asked: string[] = []
    const c = await core({ request: async (r) => (asked.push(`${r.profile}:${r.tool}`), answer) })
    await c.vault.profiles.add({ name: 'acme', kind: 'api', key: apiKey('A'), requiresApproval: true })
    await c.vault.profiles.setDefault('acme')
    const socket = await startHostKeySocket(c, { log: () => {}, warn: vi.fn(), env: {} })
    const location = socketLocation(c.dataDir, {})
    const denied = await askForKey(location, { cwd: process.cwd(), agent: 'claude' })
    expect(denied).toMatchObject({ kind: 'error', code: 'NOT_ALLOWED', message: expect.stringContaining('keyward guard acme --off') })
    answer = 'approved'
    expect(await askForKey(location, { cwd: process.cwd(), agent: 'claude' })).toEqual({ kind: 'key', profile: 'acme', key: apiKey('A') })
    expect(asked).toEqual(['acme:claude', 'acme:claude'])
    await socket!.close()
  })

  it('keeps the app running and warns once when another daemon holds the socket (CONFLICT)', async () => {
    const c = await core()
    const other = await startKeySocket(c, { env: {} })
    cleanup.push(() => other.close())
    const warn = vi.fn()
    const lines: string[] = []
    expect(await startHostKeySocket(c, { log: (l) => lines.push(l), warn, env: {} })).toBeNull()
    expect(warn).toHaveBeenCalledTimes(1)
    expect(warn.mock.calls[0]![0]).toMatch(/Another Keyward app or daemon is already serving keys/)
    expect(lines.some((l) => l.includes('already serving keys'))).toBe(true)
  })

  it('reports any other start failure without throwing', async () => {
    const c = await core()
    const warn = vi.fn()
    const start = vi.fn(async () => {
      throw new KeywardError('INTERNAL', 'EACCES on the socket directory')
    })
    expect(await startHostKeySocket(c, { log: () => {}, warn, start })).toBeNull()
    expect(start).toHaveBeenCalledWith(c, expect.objectContaining({ log: expect.any(Function) }))
    expect(warn.mock.calls[0]![0]).toMatch(/could not start its key socket.*EACCES/)
  })
})
