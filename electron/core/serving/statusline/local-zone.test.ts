import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { localDateOf, setDateLocalZone, startOfLocalDay, zonedFields } from '../../../../shared/calendar'
import { localZoneWithoutIntl } from './local-zone'

const zoneinfo = mkdtempSync(join(tmpdir(), 'kw-zoneinfo-'))
for (const name of ['UTC', 'Europe/Berlin', 'America/Argentina/Buenos_Aires']) {
  mkdirSync(join(zoneinfo, name, '..'), { recursive: true })
  writeFileSync(join(zoneinfo, name), 'TZif')
}
afterAll(() => rmSync(zoneinfo, { recursive: true, force: true }))
const noLink = (): string => {
  throw new Error('no link')
}

describe('localZoneWithoutIntl', () => {
  it.each([
    ['TZ naming a zone file', { TZ: 'Europe/Berlin' }, noLink, 'Europe/Berlin'],
    ['TZ=UTC', { TZ: 'UTC' }, noLink, 'UTC'],
    ['a three-level name', { TZ: 'America/Argentina/Buenos_Aires' }, noLink, 'America/Argentina/Buenos_Aires'],
    ['TZ naming no zone file', { TZ: 'Mars/Olympus' }, noLink, null],
    ['TZ as a POSIX rule', { TZ: 'CET-1CEST,M3.5.0,M10.5.0/3' }, noLink, null],
    ['TZ climbing out of zoneinfo', { TZ: 'Europe/../../etc/passwd' }, noLink, null],
    ['TZ empty', { TZ: '' }, noLink, null],
    ['no TZ, /etc/localtime linked into zoneinfo', {}, () => '/usr/share/zoneinfo/Europe/Berlin', 'Europe/Berlin'],
    ['no TZ, a relative link', {}, () => '../usr/share/zoneinfo/UTC', 'UTC'],
    ['no TZ, a link into posix/', {}, () => '/usr/share/zoneinfo/posix/Europe/Berlin', null],
    ['no TZ, /etc/localtime a copy (not a link)', {}, noLink, null],
  ])('%s', (_what, env, link, expected) => {
    expect(localZoneWithoutIntl(env, link, zoneinfo)).toBe(expected)
  })
})

describe('zonedFields read from Date for the zone Date computes in', () => {
  const savedTz = process.env.TZ
  afterEach(() => {
    setDateLocalZone(null)
    if (savedTz === undefined) delete process.env.TZ
    else process.env.TZ = savedTz
  })

  // Zones with DST changes at midnight (Santiago: midnight skipped), half hours (Lord Howe) and far offsets (Chatham, Kiritimati).
  it.each(['Europe/Berlin', 'America/Santiago', 'America/St_Johns', 'Australia/Lord_Howe', 'Pacific/Chatham', 'Pacific/Kiritimati', 'UTC'])(
    '%s: the same fields, dates and day starts as Intl, hour by hour over two years',
    (zone) => {
      process.env.TZ = zone
      const start = Date.UTC(2026, 0, 1)
      const intl: string[] = []
      const date: string[] = []
      for (const pass of [intl, date]) {
        setDateLocalZone(pass === date ? zone : null)
        for (let ms = start; ms < start + 2 * 365 * 86_400_000; ms += 3_600_000 + 61_000) {
          const day = localDateOf(ms, zone)
          pass.push(`${JSON.stringify(zonedFields(ms, zone))} ${day} ${startOfLocalDay(day, zone)}`)
        }
      }
      expect(date).toEqual(intl)
    },
  )
})
