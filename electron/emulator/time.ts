/** Hour arithmetic for the emulator: usage lives on whole UTC hours, counted since the epoch. */

/** Milliseconds in one hour. */
export const HOUR_MS = 3_600_000
/** Hours in one day. */
export const HOURS_PER_DAY = 24

/** The hour (since the epoch) that contains this instant. */
export function hourOf(date: Date | number): number {
  return Math.floor((typeof date === 'number' ? date : date.getTime()) / HOUR_MS)
}

/** The first whole hour at or after this instant. */
export function ceilHourOf(date: Date | number): number {
  return Math.ceil((typeof date === 'number' ? date : date.getTime()) / HOUR_MS)
}

/** RFC 3339 UTC timestamp of the start of an hour, without milliseconds: 2026-11-22T10:00:00Z. */
export function isoOfHour(hour: number): string {
  return isoOf(hour * HOUR_MS)
}

/** RFC 3339 UTC timestamp without milliseconds. */
export function isoOf(ms: number | Date): string {
  return new Date(typeof ms === 'number' ? ms : ms.getTime()).toISOString().replace(/\.\d{3}Z$/, 'Z')
}
