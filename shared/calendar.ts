/**
 * Calendar arithmetic in the user's time zone, on Intl alone (no date library). Usage buckets
 * are UTC; "today", "this month" and date ranges are local calendar dates, turned into UTC
 * instants here. A LocalDate is `YYYY-MM-DD`.
 */

import { KeywardError } from './keyward-error'

/** Milliseconds in one hour and one day. */
export const HOUR_MS = 3_600_000
export const DAY_MS = 24 * HOUR_MS

/** A calendar date `YYYY-MM-DD` (no time zone of its own). */
export type LocalDate = string

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    formatters.set(timeZone, f)
  }
  return f
}

/** True when `timeZone` is an IANA zone this runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone)
    return true
  } catch {
    return false
  }
}

/** Throws INVALID_INPUT naming `timeZone` (after `label`, such as `--tz `) unless the runtime knows it. */
export function requireTimeZone(timeZone: string, label = ''): void {
  if (!isValidTimeZone(timeZone)) throw new KeywardError('INVALID_INPUT', `${label}"${timeZone.slice(0, 64)}" is not a time zone this system knows; use an IANA name such as Europe/Berlin.`)
}

/** The user's time zone as the runtime reports it (UTC when it cannot say). */
export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
}

/** The zone Date's own local-time methods compute in, once a host has named it (setDateLocalZone). */
let dateLocalZone: string | null = null

/**
 * Tells the calendar that Date's own local-time methods compute in `timeZone` (null: not known), so
 * that zone's wall clock is read from Date: Date needs no Intl, whose first call starts ICU's
 * formatting, tens of milliseconds of a short-lived process such as the status line (which names
 * the zone in electron/core/statusline/local-zone.ts). Same results: both read one zone database.
 */
export function setDateLocalZone(timeZone: string | null): void {
  dateLocalZone = timeZone
}

/** The wall-clock fields of instant `ms` in `timeZone`. */
export function zonedFields(ms: number, timeZone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  if (timeZone === dateLocalZone) {
    const d = new Date(ms)
    return { year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate(), hour: d.getHours(), minute: d.getMinutes(), second: d.getSeconds() }
  }
  const parts: Record<string, number> = {}
  for (const p of formatterFor(timeZone).formatToParts(new Date(ms))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value)
  }
  return { year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1, hour: parts.hour ?? 0, minute: parts.minute ?? 0, second: parts.second ?? 0 }
}

/** How far `timeZone`'s wall clock is ahead of UTC at instant `ms` (whole seconds). */
export function offsetAt(ms: number, timeZone: string): number {
  const f = zonedFields(ms, timeZone)
  const wall = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second)
  return wall - Math.floor(ms / 1000) * 1000
}

/** Parses and checks a LocalDate; throws RangeError naming it when it is not a real date. */
export function parseLocalDate(date: LocalDate): { year: number; month: number; day: number } {
  const m = LOCAL_DATE.exec(date)
  const year = Number(m?.[1])
  const month = Number(m?.[2])
  const day = Number(m?.[3])
  const check = new Date(Date.UTC(year, month - 1, day))
  if (!m || check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new RangeError(`${JSON.stringify(date.slice(0, 20))} is not a date of the form YYYY-MM-DD.`)
  }
  return { year, month, day }
}

/** The LocalDate that contains instant `ms` in `timeZone`. */
export function localDateOf(ms: number, timeZone: string): LocalDate {
  const f = zonedFields(ms, timeZone)
  return `${String(f.year).padStart(4, '0')}-${String(f.month).padStart(2, '0')}-${String(f.day).padStart(2, '0')}`
}

/** The UTC date of instant `ms`, as a LocalDate. */
export function utcDateOf(ms: number): LocalDate {
  return new Date(ms).toISOString().slice(0, 10)
}

/** `date` plus `days` calendar days (negative goes back). */
export function addDays(date: LocalDate, days: number): LocalDate {
  const { year, month, day } = parseLocalDate(date)
  return utcDateOf(Date.UTC(year, month - 1, day + days))
}

/** Calendar days from `a` to `b` (b − a). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  const x = parseLocalDate(a)
  const y = parseLocalDate(b)
  return Math.round((Date.UTC(y.year, y.month - 1, y.day) - Date.UTC(x.year, x.month - 1, x.day)) / DAY_MS)
}

/** The first day of `date`'s month. */
export function monthStart(date: LocalDate): LocalDate {
  return `${date.slice(0, 7)}-01`
}

/**
 * The first instant of `date` in `timeZone`. Usually local midnight; where a DST change skips
 * midnight (e.g. America/Santiago in September) it is the first instant that exists that day.
 */
export function startOfLocalDay(date: LocalDate, timeZone: string): number {
  const { year, month, day } = parseLocalDate(date)
  const wall = Date.UTC(year, month - 1, day)
  let t = wall - offsetAt(wall, timeZone)
  t = wall - offsetAt(t, timeZone)
  if (localDateOf(t, timeZone) < date) {
    // Midnight does not exist: find the first instant that is already `date`, to the minute.
    let lo = t
    let hi = t + 3 * HOUR_MS
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000
      if (localDateOf(mid, timeZone) < date) lo = mid
      else hi = mid
    }
    return hi
  }
  // A fall-back change can make two instants read as midnight; the earlier one starts the day.
  while (localDateOf(t - HOUR_MS, timeZone) === date) t -= HOUR_MS
  return t
}

/** An inclusive range of local dates. */
export interface LocalRange {
  readonly from: LocalDate
  readonly to: LocalDate
}

/** The instants [start, end) that an inclusive local-date range covers in `timeZone`. */
export function rangeInstants(range: LocalRange, timeZone: string): { startMs: number; endMs: number } {
  return { startMs: startOfLocalDay(range.from, timeZone), endMs: startOfLocalDay(addDays(range.to, 1), timeZone) }
}

/** Presets the dashboard's range picker offers. */
export type RangePreset = 'today' | 'month' | '7d' | '30d' | '90d'

/** The local-date range of a preset, ending today in `timeZone`. */
export function presetRange(preset: RangePreset, nowMs: number, timeZone: string): LocalRange {
  const today = localDateOf(nowMs, timeZone)
  switch (preset) {
    case 'today':
      return { from: today, to: today }
    case 'month':
      return { from: monthStart(today), to: today }
    case '7d':
      return { from: addDays(today, -6), to: today }
    case '30d':
      return { from: addDays(today, -29), to: today }
    case '90d':
      return { from: addDays(today, -89), to: today }
  }
}

/** Every date of an inclusive range, in order. */
export function datesOf(range: LocalRange): LocalDate[] {
  const out: LocalDate[] = []
  for (let d = range.from; d <= range.to; d = addDays(d, 1)) out.push(d)
  return out
}
