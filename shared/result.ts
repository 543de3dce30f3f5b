import { z } from 'zod'
import { WireError } from './errors'

/** What every procedure returns on every transport. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: WireError }

/** The zod schema of a Result whose value is `value`. */
export function resultOf<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: WireError }),
  ])
}

/** A successful result. */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value }
}

/** A failed result. */
export function fail(error: WireError): Result<never> {
  return { ok: false, error }
}
