/**
 * Fault injection, switchable per route at runtime.
 *
 * A route key is `"<METHOD> <path>"`, where the path is either a concrete path
 * (`/v1/organizations/api_keys/apikey_01…`) or the route's template with `:params`
 * (`/v1/organizations/workspaces/:workspace_id/members`); either part may be `*`
 * (`"* *"` hits every request, `"GET *"` every GET). Query strings are never part of a key.
 *
 *   emulator.faults.set('GET /v1/organizations/api_keys', { kind: '429', retryAfterSeconds: 1, times: 2 })
 *
 * `times` counts how many requests the fault hits before it removes itself (absent = until
 * cleared). When several keys match a request the most specific wins: concrete path, then
 * template, then `METHOD *`, then `* *`.
 */
import type { EmulatorErrorType } from './errors'

/** What to do to a matching request. */
export type Fault =
  /** Answer 429 rate_limit_error with a `retry-after` header (seconds; default 1). */
  | { kind: '429'; retryAfterSeconds?: number; times?: number }
  /** Answer 500 api_error. */
  | { kind: '500'; times?: number }
  /** Wait `delayMs`, then answer normally. */
  | { kind: 'slow'; delayMs: number; times?: number }
  /** Answer 200 with a truncated, unparseable JSON body. */
  | { kind: 'malformed'; times?: number }
  /** Answer any API error, e.g. `{ kind: 'error', type: 'permission_error' }`. */
  | { kind: 'error'; type: EmulatorErrorType; message?: string; status?: number; times?: number }
  /** Destroy the socket without answering (the client sees a connection error). */
  | { kind: 'reset'; times?: number }
  /**
   * A list or report whose pages never end: every request is answered with the first page, marked
   * `has_more` with a cursor never sent before (`next_page`, and `last_id` on id-cursor lists).
   */
  | { kind: 'endless'; times?: number }

/** The registry the emulator consults before every request. */
export interface FaultRegistry {
  /** Installs (or replaces) the fault for a route key. */
  set(route: string, fault: Fault): void
  /** Removes the fault for one route key, or every fault when called without one. */
  clear(route?: string): void
  /** The faults currently installed, keyed by route. */
  list(): ReadonlyMap<string, Fault>
  /** How many requests each route key's faults have hit since it was set. */
  hits(route: string): number
  /** Finds (and consumes one use of) the fault for a request; null when none applies. */
  take(method: string, path: string, template: string | null): Fault | null
}

/** Creates an empty fault registry. */
export function createFaultRegistry(): FaultRegistry {
  const faults = new Map<string, { fault: Fault; remaining: number }>()
  const hitCounts = new Map<string, number>()
  const normalise = (route: string): string => {
    const [method = '*', ...rest] = route.trim().split(/\s+/)
    const path = rest.join(' ') || '*'
    return `${method.toUpperCase()} ${path.replace(/\?.*$/, '')}`
  }
  return {
    set(route, fault) {
      const key = normalise(route)
      faults.set(key, { fault, remaining: fault.times ?? Number.POSITIVE_INFINITY })
      hitCounts.set(key, 0)
    },
    clear(route) {
      if (route === undefined) faults.clear()
      else faults.delete(normalise(route))
    },
    list() {
      return new Map([...faults].map(([key, entry]) => [key, entry.fault]))
    },
    hits(route) {
      return hitCounts.get(normalise(route)) ?? 0
    },
    take(method, path, template) {
      const m = method.toUpperCase()
      const candidates = [`${m} ${path}`, template ? `${m} ${template}` : null, `* ${path}`, template ? `* ${template}` : null, `${m} *`, '* *']
      for (const key of candidates) {
        if (key === null) continue
        const entry = faults.get(key)
        if (!entry) continue
        entry.remaining -= 1
        hitCounts.set(key, (hitCounts.get(key) ?? 0) + 1)
        if (entry.remaining <= 0) faults.delete(key)
        return entry.fault
      }
      return null
    },
  }
}

/** The cursor parameters an `endless` fault ignores (it always answers the first page). */
const CURSOR_PARAMS = ['page', 'after_id', 'before_id'] as const

/** The query without its cursor, for an `endless` fault. */
export function withoutCursor(query: URLSearchParams): URLSearchParams {
  const first = new URLSearchParams(query)
  for (const name of CURSOR_PARAMS) first.delete(name)
  return first
}

/** A page made never-ending for an `endless` fault: `has_more`, and a cursor numbered `n` (fresh each time). */
export function endlessPage(body: unknown, n: number): unknown {
  if (typeof body !== 'object' || body === null || !Array.isArray((body as { data?: unknown }).data)) return body
  const cursor = `endless_${n.toString().padStart(6, '0')}`
  const page = body as Record<string, unknown>
  return { ...page, has_more: true, next_page: cursor, ...('last_id' in page && { last_id: cursor }) }
}
