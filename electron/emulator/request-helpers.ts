/** Small validators shared by handlers: body fields, booleans in queries, beta headers, id-cursor list queries. */
import { badRequest } from './errors'
import { parseLimit } from './pagination'
import type { EmulatorRequest } from './route-table'

/** The JSON body as an object; anything else is a 400. */
export function bodyObject(req: EmulatorRequest): Record<string, unknown> {
  const body = req.body ?? {}
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('The request body must be a JSON object.')
  return body as Record<string, unknown>
}

/** A string field: required or optional, with a maximum length. */
export function stringField(body: Record<string, unknown>, name: string, opts: { required: true; max?: number }): string
export function stringField(body: Record<string, unknown>, name: string, opts: { required: false; max?: number }): string | undefined
export function stringField(body: Record<string, unknown>, name: string, opts: { required: boolean; max?: number }): string | undefined {
  const value = body[name]
  if (value === undefined || value === null) {
    if (opts.required) throw badRequest(`${name}: Field required`)
    return undefined
  }
  if (typeof value !== 'string') throw badRequest(`${name}: Input should be a valid string`)
  if (opts.required && value.trim() === '') throw badRequest(`${name}: String should have at least 1 character`)
  if (opts.max !== undefined && value.length > opts.max) throw badRequest(`${name}: String should have at most ${opts.max} characters`)
  return value
}

/** A field that must be one of a closed set of strings. */
export function enumField<T extends string>(body: Record<string, unknown>, name: string, allowed: readonly T[], required: boolean): T | undefined {
  const value = body[name]
  if (value === undefined || value === null) {
    if (required) throw badRequest(`${name}: Field required`)
    return undefined
  }
  if (typeof value !== 'string' || !allowed.includes(value as T)) throw badRequest(`${name}: Input should be ${allowed.map((a) => `'${a}'`).join(', ')}`)
  return value as T
}

/** A boolean query parameter (`true`/`false`), absent → fallback. */
export function boolParam(query: URLSearchParams, name: string, fallback: boolean): boolean {
  const raw = query.get(name)
  if (raw === null || raw === '') return fallback
  if (raw === 'true') return true
  if (raw === 'false') return false
  throw badRequest(`${name}: Input should be a valid boolean`)
}

/** The id-cursor list parameters. */
export function idPageQuery(query: URLSearchParams): { limit: number; afterId: string | null; beforeId: string | null } {
  return { limit: parseLimit(query.get('limit')), afterId: query.get('after_id') || null, beforeId: query.get('before_id') || null }
}

/** Requires a beta flag in `anthropic-beta`, as the API does for beta-only endpoints. */
export function requireBeta(req: EmulatorRequest, flag: string): void {
  const raw = req.headers['anthropic-beta']
  const values = (Array.isArray(raw) ? raw.join(',') : (raw ?? '')).split(',').map((s) => s.trim())
  if (!values.includes(flag)) throw badRequest(`This endpoint is in beta: requests must send \`${flag}\` in the anthropic-beta header.`)
}
