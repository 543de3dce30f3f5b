import { expect } from 'vitest'
import { writeFileSync } from 'node:fs'
import { connect, createServer } from 'node:net'
import { join } from 'node:path'
import { createRouter } from '../../../electron/core/router'
import { stubHandlers } from '../../../electron/core/stub-handlers'
import { hostileInputs, outcome, plantedConfig } from '../support/hostile-table'

/*
 * Admin API answers that are errors, slow, malformed or endless, and base URLs that could carry the
 * Admin key away: each refused with what to do, no request sent where it must not go.
 */

hostileInputs('admin-api', 'Admin API answers and base URLs', (w) => {
  const adminCall = (name: 'admin.getOrganization' | 'admin.listApiKeys', fault: Parameters<typeof w.emulator.faults.set>[1]) => async () => {
    w.emulator.faults.set('* *', fault)
    try {
      return await outcome(() => (w.orgAdmin.handlers[name] as (i: unknown, c: unknown) => Promise<unknown>)({ orgId: w.orgId, limit: 20 }, { transport: 'test' }))
    } finally {
      w.emulator.faults.clear()
    }
  }
  return [
    // Admin API responses
    {
      name: 'Admin API 401',
      input: 'authentication_error',
      code: 'API_UNAUTHORIZED',
      fragment: 'wrong or revoked',
      run: adminCall('admin.getOrganization', { kind: 'error', type: 'authentication_error', message: 'invalid x-api-key' }),
    },
    {
      name: 'Admin API 403',
      input: 'permission_error',
      code: 'API_FORBIDDEN',
      fragment: 'Admin key of an org admin',
      run: adminCall('admin.getOrganization', { kind: 'error', type: 'permission_error', message: 'no' }),
    },
    {
      name: 'Admin API 404',
      input: 'not_found_error',
      code: 'API_NOT_FOUND',
      fragment: 'refresh the list',
      run: adminCall('admin.listApiKeys', { kind: 'error', type: 'not_found_error', message: 'gone' }),
    },
    {
      name: 'Admin API 409',
      input: 'conflict_error',
      code: 'API_CONFLICT',
      fragment: 'refresh and try again',
      run: adminCall('admin.listApiKeys', { kind: 'error', type: 'conflict_error', message: 'conflict' }),
    },
    { name: 'Admin API 429', input: '429 retry-after 7', code: 'RATE_LIMITED', fragment: 'try again in 7 s', run: adminCall('admin.listApiKeys', { kind: '429', retryAfterSeconds: 7 }) },
    { name: 'Admin API 500', input: '500', code: 'UNAVAILABLE', fragment: 'try again later', run: adminCall('admin.getOrganization', { kind: '500' }) },
    {
      name: 'Admin API timeout',
      input: 'slow 4 s (client timeout 1.5 s)',
      code: 'TIMEOUT',
      fragment: 'did not answer in time',
      run: adminCall('admin.getOrganization', { kind: 'slow', delayMs: 4_000 }),
    },
    { name: 'Admin API malformed JSON', input: '200 with truncated JSON', code: 'UNAVAILABLE', fragment: 'not valid JSON', run: adminCall('admin.getOrganization', { kind: 'malformed' }) },
    { name: 'Admin API connection reset', input: 'socket destroyed', code: 'NETWORK', fragment: 'check the network', run: adminCall('admin.getOrganization', { kind: 'reset' }) },
    {
      // With a profile no stored org uses: for org-admin's own org this would be a move, refused before any request (a row below).
      name: 'Admin API unreachable base URL',
      input: 'http://127.0.0.1:1 (an Admin key no stored org uses)',
      code: 'NETWORK',
      fragment: 'check the network',
      run: async () => {
        await w.vault.profiles.add({ name: 'spare-admin', kind: 'admin', key: w.emulator.adminKey })
        return outcome(() => w.orgAdmin.orgs.add({ adminProfile: 'spare-admin', baseURL: 'http://127.0.0.1:1' }))
      },
    },
    {
      name: 'org with an API key, not an Admin key',
      input: 'orgs add main',
      code: 'INVALID_INPUT',
      fragment: 'Admin key',
      run: () => outcome(() => w.orgAdmin.orgs.add({ adminProfile: 'main', baseURL: w.emulator.baseURL })),
    },
    // Base URLs that could carry the Admin key away.
    {
      name: 'base URL plain http to another host',
      input: 'http://example.com',
      code: 'INVALID_INPUT',
      fragment: 'plain http:// to another machine',
      run: () => outcome(() => w.orgAdmin.orgs.add({ adminProfile: 'org-admin', baseURL: 'http://example.com' })),
    },
    {
      name: 'base URL loopback look-alike',
      input: 'http://127.0.0.1.evil.com',
      code: 'INVALID_INPUT',
      fragment: 'plain http:// to another machine',
      run: () => outcome(() => w.orgAdmin.orgs.add({ adminProfile: 'org-admin', baseURL: 'http://127.0.0.1.evil.com' })),
    },
    {
      name: 'base URL localhost look-alike',
      input: 'http://localhost.evil.com',
      code: 'INVALID_INPUT',
      fragment: 'plain http:// to another machine',
      run: () => outcome(() => w.orgAdmin.orgs.add({ adminProfile: 'org-admin', baseURL: 'http://localhost.evil.com' })),
    },
    {
      name: 'base URL with a password',
      input: 'https://user:pass@proxy.example',
      code: 'INVALID_INPUT',
      fragment: 'user name or password',
      run: () => outcome(() => w.orgAdmin.orgs.add({ adminProfile: 'org-admin', baseURL: 'https://user:pass@proxy.example' })),
    },
    {
      name: "leaked dashboard token: orgs.add aims an org's Admin key at a listener",
      input: 'POST /rpc orgs.add { adminProfile: org-admin, baseURL: rogue }',
      code: 'NOT_ALLOWED',
      fragment: 'keyward orgs add PROFILE',
      run: async () => {
        const router = createRouter(stubHandlers(w.orgAdmin.handlers))
        const result = await router.call('orgs.add', { adminProfile: 'org-admin', baseURL: w.rogue.url }, { transport: 'http' })
        return result.ok ? { code: 'OK', message: '' } : result.error
      },
      after: async () => {
        expect(w.rogue.requests).toEqual([])
        expect((await w.orgAdmin.orgs.get(w.orgId)).baseURL).toBe(w.emulator.baseURL)
      },
    },
    {
      name: 'orgs add moving a stored org to another URL, no --replace and no terminal',
      input: 'orgs add org-admin --base-url rogue',
      code: 'CONFLICT',
      fragment: '--replace',
      run: () => outcome(() => w.orgAdmin.orgs.add({ adminProfile: 'org-admin', baseURL: w.rogue.url })),
      after: async () => {
        expect(w.rogue.requests).toEqual([])
        expect((await w.orgAdmin.orgs.get(w.orgId)).baseURL).toBe(w.emulator.baseURL)
      },
    },
    {
      name: 'base URL of another scheme',
      input: 'ftp://proxy.example',
      code: 'INVALID_INPUT',
      fragment: 'only https:// is accepted',
      run: () => outcome(() => w.orgAdmin.orgs.add({ adminProfile: 'org-admin', baseURL: 'ftp://proxy.example' })),
    },
    {
      name: 'stored org with a plain-http base URL (tampered config.json)',
      input: 'orgs[0].baseURL http://attacker.example',
      code: 'INVALID_INPUT',
      fragment: 'Keyward sent nothing to it',
      run: () => {
        const dir = w.scratch('plain-http-org')
        writeFileSync(join(dir, 'config.json'), plantedConfig('http://attacker.example'), { mode: 0o600 })
        return outcome(() => w.scratchOrgs(dir).orgs.client('org_x'))
      },
      after: () => expect(w.scratchClients).toEqual([]),
    },
    {
      name: 'keyward sync with a stored org at a plain-http address that reaches this machine',
      input: 'orgs[0].baseURL http://[::ffff:127.0.0.1]:PORT (a listener counts connections)',
      code: 'exit 2',
      fragment: 'Keyward sent nothing to it',
      run: async () => {
        // Not one of the loopback spellings Keyward accepts, yet it reaches 127.0.0.1: the listener
        // proves no request was even attempted (the control connection at the end proves it would see one).
        let connections = 0
        const listener = createServer((socket) => (connections++, socket.destroy()))
        await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve))
        const port = (listener.address() as { port: number }).port
        const dir = w.scratch('sync-plain-http')
        writeFileSync(join(dir, 'config.json'), plantedConfig(`http://[::ffff:127.0.0.1]:${port}`), { mode: 0o600 })
        try {
          const result = await w.cli(['sync'], { env: { ...w.world.env, KEYWARD_HOME: dir } })
          const seenBySync = connections
          await new Promise<void>((resolve) =>
            connect({ host: '::ffff:127.0.0.1', port })
              .on('close', () => resolve())
              .on('error', () => resolve()),
          )
          if (seenBySync !== 0 || connections !== 1) return { code: `listener saw ${seenBySync} (control ${connections - seenBySync})`, message: result.message }
          return result
        } finally {
          listener.close()
        }
      },
    },
    {
      name: 'admin list whose pages never end (Review, offboarding, key matching)',
      input: 'GET /v1/organizations/api_keys: has_more and a fresh last_id, always',
      code: 'UNAVAILABLE',
      fragment: 'kept returning more pages for /v1/organizations/api_keys after 105 pages',
      run: async () => {
        w.emulator.faults.set('GET /v1/organizations/api_keys', { kind: 'endless' })
        try {
          return await outcome(() => w.orgAdmin.admin.listAllApiKeys(w.orgId))
        } finally {
          w.emulator.faults.clear()
        }
      },
    },
  ]
})
