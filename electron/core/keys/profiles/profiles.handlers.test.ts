import { mkdir, mkdtemp, realpath } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { AuditPage } from '../../../../shared/contract/audit.contract'
import { createCore } from '../../core'
import { createMemoryKeychain } from '../../vault/memory-keychain'
import { adminKey, apiKey } from '../../vault/temp-vault.test-support'

const ctx = { transport: 'test' } as const

/** A core over a temp data dir and an in-memory keychain, as the renderer's transports reach it. */
async function testCore() {
  const home = await mkdtemp(join(tmpdir(), 'keyward-core-'))
  const keychain = createMemoryKeychain()
  const copied: string[] = []
  const core = await createCore({ host: 'daemon', env: { KEYWARD_HOME: home }, keychain, clipboard: { writeSecret: async (s) => void copied.push(s) }, log: () => {} })
  return { core, keychain, copied, home }
}

describe('vault procedures through the router (the renderer’s view)', () => {
  it('takes a key in profiles.add and never gives one back, from any procedure', async () => {
    const { core, keychain } = await testCore()
    const key = apiKey('gate')
    const added = await core.router.call('profiles.add', { name: 'acme', kind: 'api', key }, ctx)
    expect(added).toMatchObject({ ok: true, value: { name: 'acme', hint: 'sk-ant-api03-ga…igAA' } })
    expect(keychain.entries.get('acme')).toBe(key)
    const project = await realpath(await mkdtemp(join(tmpdir(), 'keyward-p-')))
    const answers = [
      added,
      await core.router.call('profiles.list', {}, ctx),
      await core.router.call('bindings.set', { directory: project, profile: 'acme' }, ctx),
      await core.router.call('bindings.which', { directory: project }, ctx),
      await core.router.call('bindings.list', {}, ctx),
      await core.router.call('audit.list', {}, ctx),
      await core.router.call('profiles.copyKey', { name: 'acme' }, ctx),
    ]
    expect(answers.every((a) => a.ok)).toBe(true)
    for (const answer of answers) expect(JSON.stringify(answer)).not.toContain(key.slice(13, 40))
    expect(answers[3]).toEqual({ ok: true, value: { profile: 'acme', reason: 'binding', directory: project, cwd: project, projectFile: null, ignoredProjectFiles: [] } })
    expect(answers[6]).toEqual({ ok: true, value: { copied: true } })
  })

  it('answers a malformed or wrong-kind key with INVALID_INPUT that names the prefix only', async () => {
    const { core, keychain } = await testCore()
    const wrong = await core.router.call('profiles.add', { name: 'acme', kind: 'api', key: adminKey('leak') }, ctx)
    expect(wrong).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('starts with sk-ant-admin01-') } })
    expect(JSON.stringify(wrong)).not.toContain('leakyyyy')
    const junk = await core.router.call('profiles.add', { name: 'acme', kind: 'api', key: 'my password is hunter2hunter2' }, ctx)
    expect(JSON.stringify(junk)).not.toContain('hunter2')
    expect(keychain.entries.size).toBe(0)
  })

  it('refuses copyKey where the host has no clipboard (the daemon)', async () => {
    const home = await mkdtemp(join(tmpdir(), 'keyward-core-'))
    await mkdir(home, { recursive: true })
    const core = await createCore({ host: 'daemon', env: { KEYWARD_HOME: home }, keychain: createMemoryKeychain(), log: () => {} })
    await core.router.call('profiles.add', { name: 'acme', kind: 'api', key: apiKey() }, ctx)
    expect(await core.router.call('profiles.copyKey', { name: 'acme' }, ctx)).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } })
  })

  it('bindings from the dashboard: a relative directory is refused, not read against the daemon working directory, and a rebinding says which profile it replaced', async () => {
    const { core } = await testCore()
    await core.router.call('profiles.add', { name: 'gamma', kind: 'api', key: apiKey('gamma') }, ctx)
    await core.router.call('profiles.add', { name: 'delta', kind: 'api', key: apiKey('delta') }, ctx)
    for (const directory of ['relative/dir', './here', 'code']) {
      const refused = await core.router.call('bindings.set', { directory, profile: 'gamma' }, ctx)
      expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('enter the whole path of the directory, starting with / or ~') } })
    }
    const project = await realpath(await mkdtemp(join(tmpdir(), 'keyward-p-')))
    expect(await core.router.call('bindings.set', { directory: project, profile: 'gamma' }, ctx)).toEqual({ ok: true, value: { directory: project, profile: 'gamma', replaced: null } })
    expect(await core.router.call('bindings.set', { directory: project, profile: 'delta' }, ctx)).toEqual({ ok: true, value: { directory: project, profile: 'delta', replaced: 'gamma' } })
    const audit = await core.router.call('audit.list', { event: 'binding.set' }, ctx)
    const rows = audit.ok ? (audit.value as AuditPage).rows : []
    expect(rows.map((r) => (r.kind === 'entry' ? [r.entry.profile, r.entry.detail ?? null] : null))).toEqual([
      ['delta', 'replaced gamma'],
      ['gamma', null],
    ])
  })
})
