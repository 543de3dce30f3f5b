/**
 * The two list shapes the Admin API uses: id cursors (`data`, `first_id`, `last_id`, `has_more`,
 * queried with `limit`, `after_id`, `before_id`) and opaque page cursors (`data`, `next_page`,
 * queried with `limit` and `page`), plus the report variant that adds `has_more`.
 */
import { badRequest } from './errors'

/** Default and largest page sizes, as the API documents them (1-1000, default 20). */
export const DEFAULT_LIMIT = 20
export const MAX_LIMIT = 1000

/** Parses a `limit` query value: absent → default; outside 1..max → 400. */
export function parseLimit(raw: string | null, fallback = DEFAULT_LIMIT, max = MAX_LIMIT): number {
  if (raw === null || raw === '') return fallback
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 1 || n > max) throw badRequest(`limit: must be an integer between 1 and ${max}.`)
  return n
}

/** An id-cursor page, as `Page<Item>` in the SDK reads it. */
export interface IdPage<T> {
  data: T[]
  first_id: string | null
  last_id: string | null
  has_more: boolean
}

/**
 * Slices `items` (already in list order) for `after_id` / `before_id`. `after_id` returns the
 * items that follow it; `before_id` returns the `limit` items just before it, still in list
 * order, with `has_more` saying whether more exist further back. An unknown cursor is a 400.
 */
export function pageById<T>(items: readonly T[], idOf: (item: T) => string, query: { limit: number; afterId: string | null; beforeId: string | null }): IdPage<T> {
  const { limit, afterId, beforeId } = query
  if (afterId && beforeId) throw badRequest('Specify at most one of before_id and after_id.')
  let slice: T[]
  let hasMore: boolean
  if (beforeId) {
    const end = indexOfId(items, idOf, beforeId, 'before_id')
    const start = Math.max(0, end - limit)
    slice = items.slice(start, end)
    hasMore = start > 0
  } else {
    const start = afterId ? indexOfId(items, idOf, afterId, 'after_id') + 1 : 0
    slice = items.slice(start, start + limit)
    hasMore = start + limit < items.length
  }
  const first = slice[0]
  const last = slice[slice.length - 1]
  return {
    data: slice,
    first_id: first === undefined ? null : idOf(first),
    last_id: last === undefined ? null : idOf(last),
    has_more: hasMore,
  }
}

function indexOfId<T>(items: readonly T[], idOf: (item: T) => string, id: string, param: string): number {
  const index = items.findIndex((item) => idOf(item) === id)
  if (index < 0) throw badRequest(`${param}: no object with id ${JSON.stringify(id.slice(0, 80))} in this list.`)
  return index
}

/** Encodes an offset into an opaque page token bound to one query (so a token cannot be replayed on another). */
export function encodePageToken(offset: number, querySignature: string): string {
  return Buffer.from(JSON.stringify({ o: offset, q: querySignature }), 'utf8').toString('base64url')
}

/** Decodes a page token made by `encodePageToken` for the same query; anything else is a 400. */
export function decodePageToken(token: string | null, querySignature: string): number {
  if (token === null || token === '') return 0
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'))
    if (typeof parsed === 'object' && parsed !== null) {
      const { o, q } = parsed as { o?: unknown; q?: unknown }
      if (typeof o === 'number' && Number.isInteger(o) && o >= 0 && q === querySignature) return o
    }
  } catch {
    // fall through to the 400 below
  }
  throw badRequest('page: invalid or expired page token for this query.')
}

/** A page-cursor page, as `PageCursor<Item>` in the SDK reads it. */
export interface CursorPage<T> {
  data: T[]
  next_page: string | null
}

/** Slices `items` by an opaque page token; when `limit` is null every remaining item is returned. */
export function pageByCursor<T>(items: readonly T[], query: { limit: number | null; page: string | null; signature: string }): CursorPage<T> {
  const offset = decodePageToken(query.page, query.signature)
  const end = query.limit === null ? items.length : offset + query.limit
  return {
    data: items.slice(offset, end),
    next_page: end < items.length ? encodePageToken(end, query.signature) : null,
  }
}
