import { describe, expect, it } from 'vitest'
import type { KeysLastUsed } from '../../../../shared/contract'
import { creatorCell, lastUseCell } from './api-key-cells'

const NOW = Date.parse('2026-03-06T12:00:00Z')
const synced: KeysLastUsed = {
  orgId: 'o',
  lastSyncedAt: '2026-03-06T11:05:00Z',
  coveredFrom: '2025-12-07T00:00:00Z',
  keys: { h: { at: '2026-03-05T06:00:00.000Z', bucket: 'hour' }, d: { at: '2026-03-03T00:00:00.000Z', bucket: 'day' } },
}

describe('API key cells', () => {
  it('creator: a name, else the email, else a readable label; never only a raw id', () => {
    const users = new Map([
      ['u1', { name: 'Ada', email: 'ada@x.io' }],
      ['u2', { name: ' ', email: 'grace@x.io' }],
    ])
    expect(creatorCell({ id: 'u1', type: 'user' }, users)).toEqual({ text: 'Ada', title: 'ada@x.io' })
    expect(creatorCell({ id: 'u2', type: 'user' }, users).text).toBe('grace@x.io')
    expect(creatorCell({ id: 'u9', type: 'user' }, users)).toEqual({ text: 'Former or unknown user', title: 'u9' })
    expect(creatorCell({ id: 's1', type: 'service_account' }, users).text).toBe('Service account')
    expect(creatorCell({ id: 'u1', type: 'user' }, null).text).toBe('…')
    expect(creatorCell({ id: 'u1', type: 'user' }, null, true).text).toBe('A user')
    expect(creatorCell(null, users).text).toBe('—')
  })

  it('last use: hour buckets as how long ago (the local time on hover), day buckets as their UTC day, and the empty states', () => {
    const hour = lastUseCell('h', synced, NOW, 'en-US')
    // 30 hours before NOW: the largest whole unit, a day.
    expect(hour.text).toBe('yesterday')
    expect(hour.title).toContain(new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date('2026-03-05T06:00:00Z')))
    expect(lastUseCell('d', synced, NOW, 'en-US').text).toBe('Mar 3, 2026')
    expect(lastUseCell('x', synced, NOW, 'en-US').text).toBe('no use in 90 days')
    expect(lastUseCell('x', { ...synced, lastSyncedAt: null, coveredFrom: null, keys: {} }, NOW, 'en-US').text).toBe('never synced')
    expect(lastUseCell('x', null, NOW, 'en-US').text).toBe('…')
  })
})
