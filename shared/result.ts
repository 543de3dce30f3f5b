import type { WireError } from './errors'

/** What every procedure returns on every transport. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: WireError }

/** A successful result. */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value }
}

/** A failed result. */
export function fail(error: WireError): Result<never> {
  return { ok: false, error }
}
