import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { baseUrlProblem, isLoopbackHost } from '../../../../shared/base-url'
import { AddOrgInput } from '../../../../shared/contract/orgs.contract'
import { createAuditLog } from '../../platform/audit/audit-log'
import { createConfigStore } from '../../platform/config/config-store'
import { createMemoryKeychain } from '../../vault/memory-keychain'
import { adminKey } from '../../vault/temp-vault.test-support'
import { type AdminClientFactory, createAdminClient } from './admin-client'
import type { DemoHost } from './demo-host'
import { createOrgRegistry } from './org-registry'

// shared/base-url.ts is tested here because lint keeps shared/ free of test-runner imports.
describe('baseUrlProblem (shared/base-url)', () => {
  it('accepts https:// to any host and http:// to this machine only', () => {
    for (const ok of [
      'https://api.anthropic.com',
      'https://proxy.example',
      'https://proxy.example:8443/prefix',
      'http://127.0.0.1:41234',
      'http://127.0.0.2:8080',
      'http://[::1]:1',
      'http://localhost',
      'http://LOCALHOST:9',
      'http://127.1',
    ]) {
      expect({ ok, problem: baseUrlProblem(ok) }).toEqual({ ok, problem: null })
    }
  })

  it('refuses plain http:// to another machine, also disguised as loopback, with what to do', () => {
    expect(baseUrlProblem('http://example.com')).toBe(
      'the base URL http://example.com is plain http:// to another machine, which would send the Admin key unencrypted; use https:// (plain http:// is accepted only to this machine (localhost, 127.0.0.0/8 or [::1], e.g. the Admin API emulator))',
    )
    for (const bad of [
      'http://127.0.0.1.evil.com',
      'http://localhost.evil.com',
      'http://10.0.0.1',
      'http://[::ffff:10.0.0.1]',
      'http://[::ffff:127.0.0.1]:9',
      'http://128.0.0.1',
      'http://0.0.0.0:80',
    ]) {
      expect({ bad, problem: baseUrlProblem(bad) }).toEqual({ bad, problem: expect.stringContaining('plain http:// to another machine') })
    }
  })

  it('refuses userinfo without repeating it, other schemes, and non-URLs', () => {
    const withPassword = baseUrlProblem('https://user:hunter2@proxy.example')
    expect(withPassword).toContain('contains a user name or password')
    expect(withPassword).not.toContain('hunter2')
    expect(baseUrlProblem('https://user@proxy.example')).toContain('user name or password')
    for (const scheme of ['ftp://proxy.example', 'file:///etc/passwd', 'ws://localhost:1', 'javascript:alert(1)', 'data:text/plain,x']) {
      expect(baseUrlProblem(scheme)).toMatch(/only https:\/\/ is accepted/)
    }
    expect(baseUrlProblem('not a url')).toContain('is not a URL')
    expect(isLoopbackHost('127.0.0.1')).toBe(true)
    expect(isLoopbackHost('127.0.0.1.evil.com')).toBe(false)
  })

  it('is the contract schema too', () => {
    expect(AddOrgInput.safeParse({ adminProfile: 'a', baseURL: 'http://example.com' }).error?.issues[0]?.message).toContain('plain http:// to another machine')
    expect(AddOrgInput.safeParse({ adminProfile: 'a', baseURL: 'http://127.0.0.1:9' }).success).toBe(true)
  })

  it('is checked by the client factory as the last gate', () => {
    expect(() => createAdminClient({ apiKey: adminKey(), baseURL: 'http://example.com' })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringContaining('Keyward sent nothing to it') }),
    )
    expect(() => createAdminClient({ apiKey: adminKey(), baseURL: 'https://user:pw@proxy.example' })).toThrow(expect.objectContaining({ message: expect.not.stringContaining('pw@') }))
  })
})

describe('an org whose base URL would leak the Admin key', () => {
  let home: string
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'keyward-base-url-'))
  })
  afterEach(() => rmSync(home, { recursive: true, force: true }))

  const noDemo: DemoHost = {
    ensure: () => Promise.reject(new Error('no demo here')),
    current: () => null,
    idleLabel: 'no demo here',
    close: async () => {},
  }

  function registry() {
    const keychain = createMemoryKeychain({ admin: adminKey() })
    const reads: string[] = []
    const get = keychain.get.bind(keychain)
    keychain.get = async (account) => (reads.push(account), get(account))
    const clients: string[] = []
    const makeClient: AdminClientFactory = (o) => {
      clients.push(o.baseURL)
      return createAdminClient(o)
    }
    const orgs = createOrgRegistry({ config: createConfigStore(home), keychain, demo: noDemo, audit: createAuditLog(home), makeClient })
    return { orgs, reads, clients }
  }

  it('stored in a tampered config.json: refused before the keychain is read or a client is built', async () => {
    const stored = { id: 'org_1', name: 'Acme', baseURL: 'http://attacker.example:8080', adminProfile: 'admin', demo: false, addedAt: '2026-01-01T00:00:00.000Z' }
    writeFileSync(
      join(home, 'config.json'),
      JSON.stringify({
        version: 1,
        profiles: [{ name: 'admin', kind: 'admin', hint: 'sk-ant-admin01-…AAAA', createdAt: '2026-01-01T00:00:00.000Z', rotatedAt: null, tags: [] }],
        defaultProfile: null,
        bindings: [],
        allowedProjects: [],
        orgs: [stored],
      }),
      { mode: 0o600 },
    )
    const { orgs, reads, clients } = registry()
    expect((await orgs.list()).map((o) => o.id)).toEqual(['org_1'])
    await expect(orgs.client('org_1')).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('http://attacker.example:8080 is plain http:// to another machine') })
    expect(reads).toEqual([])
    expect(clients).toEqual([])
  })

  it('given to orgs add: refused before any request', async () => {
    const config = createConfigStore(home)
    await config.update((c) => ({ ...c, profiles: [{ name: 'admin', kind: 'admin', hint: 'sk-ant-admin01-…AAAA', createdAt: '2026-01-01T00:00:00.000Z', rotatedAt: null, tags: [] }] }))
    const { orgs, reads, clients } = registry()
    await expect(orgs.add({ adminProfile: 'admin', baseURL: 'http://example.com' })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('plain http://') })
    expect(reads).toEqual([])
    expect(clients).toEqual([])
  })
})
