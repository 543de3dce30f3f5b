import { describe, expect, it, vi } from 'vitest'
import { TraySummary } from '../../../../shared/contract/tray.contract'
import { createCore } from '../../core'
import { recentProjectsFrom } from './recent-projects'
import type { TrayProviders } from './tray-providers'
import { createTrayService } from './tray-service'

/** Empty providers for unit tests: zero spend, no budget, no profiles; actions that need data fail. */
const emptyProviders: TrayProviders = {
  spend: async () => ({ today: { amount: '0', currency: 'USD' }, monthToDate: { amount: '0', currency: 'USD' } }),
  budgetState: async () => 'none',
  profiles: async () => ({ defaultProfile: null, profiles: [] }),
  recentServed: async () => [],
  lastSyncedAt: async () => null,
  dataRefreshedAt: async () => null,
  readKey: async (profile) => {
    throw Object.assign(new Error(`no profile ${profile}`), { code: 'NOT_FOUND' })
  },
  setDefaultProfile: async () => {},
  syncNow: async () => {},
  recordCopied: async () => {},
}

describe('recentProjectsFrom', () => {
  it('keeps the newest key.served per directory, skips other events, and stops at the limit', () => {
    const entries = [
      { time: 't5', event: 'key.served', profile: 'acme', directory: '/w/acme' },
      { time: 't4', event: 'key.copied', profile: 'acme' },
      { time: 't3', event: 'key.served', profile: 'old', directory: '/w/acme' },
      { time: 't2', event: 'key.served', profile: 'beta', directory: '/w/beta' },
      { time: 't1', event: 'key.served', profile: 'gamma', directory: '/w/gamma' },
    ]
    expect(recentProjectsFrom(entries, 2)).toEqual([
      { directory: '/w/acme', profile: 'acme', at: 't5' },
      { directory: '/w/beta', profile: 'beta', at: 't2' },
    ])
  })
})

describe('tray service', () => {
  it('summarises empty providers as zero spend, no budget and no profiles, inside the contract', async () => {
    const summary = await createTrayService(emptyProviders).summary()
    expect(TraySummary.parse(summary)).toEqual({
      today: { amount: '0', currency: 'USD' },
      monthToDate: { amount: '0', currency: 'USD' },
      monthEnd: null,
      budgetState: 'none',
      defaultProfile: null,
      profiles: [],
      recentProjects: [],
      lastSyncedAt: null,
      dataRefreshedAt: null,
    })
  })

  it('carries the service watermark apart from the sync time, and null when reading it fails', async () => {
    const withMark = createTrayService({ ...emptyProviders, lastSyncedAt: async () => '2026-12-06T15:00:00Z', dataRefreshedAt: async () => '2026-12-06T14:00:00Z' })
    expect(await withMark.summary()).toMatchObject({ lastSyncedAt: '2026-12-06T15:00:00Z', dataRefreshedAt: '2026-12-06T14:00:00Z' })
    const failing = createTrayService({
      ...emptyProviders,
      dataRefreshedAt: async () => {
        throw new Error('store busy')
      },
    })
    expect((await failing.summary()).dataRefreshedAt).toBeNull()
  })

  it('passes only name and hint of each profile, and audits a copy after reading the key', async () => {
    const recordCopied = vi.fn(async () => {})
    const service = createTrayService({
      ...emptyProviders,
      profiles: async () => ({ defaultProfile: 'a', profiles: [{ name: 'a', hint: 'sk-ant-…abcd', extra: 'x' } as never] }),
      readKey: async () => 'sk-ant-api03-secretsecret',
      recordCopied,
    })
    expect((await service.summary()).profiles).toEqual([{ name: 'a', hint: 'sk-ant-…abcd' }])
    expect(await service.readKeyForClipboard('a')).toBe('sk-ant-api03-secretsecret')
    expect(recordCopied).toHaveBeenCalledWith('a')
  })

  it('does not audit a copy when reading the key fails', async () => {
    const recordCopied = vi.fn(async () => {})
    const service = createTrayService({ ...emptyProviders, recordCopied })
    await expect(service.readKeyForClipboard('a')).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect(recordCopied).not.toHaveBeenCalled()
  })

  it('is served as tray.summary by the core router', async () => {
    const core = await createCore({ host: 'daemon', env: { KEYWARD_HOME: '/tmp/keyward-tray-test' }, log: () => {} })
    const result = await core.router.call('tray.summary', {}, { transport: 'test' })
    expect(result).toMatchObject({ ok: true, value: { budgetState: 'none' } })
    await core.close()
  })
})
