import { KeywardError } from '../../../../shared/keyward-error'

/**
 * The one way Keyward follows an Admin API list or report across its pages. A server that never
 * ends its pages (always `has_more`, always a fresh cursor) cannot keep a walk going: every walk has
 * a page limit derived from what the list or report can hold (`page-caps.ts`), an overall deadline,
 * and remembers every cursor it followed, so a cursor sent twice (a loop of any length) is refused.
 * A refused walk throws a KeywardError naming the endpoint; the caller keeps nothing from it.
 */

/** How long one walk may take, all pages and the SDK's retries included. */
export const WALK_DEADLINE_MS = 15 * 60_000

/** One page as a walk sees it: its items and the cursor of the next page (null at the end). */
export interface WalkedPage<T> {
  readonly items: readonly T[]
  readonly next: string | null
}

/** The bounds of one walk and what its error tells people. */
export interface WalkBounds {
  /** The Admin API path the pages come from, named in the error ("/v1/organizations/api_keys"). */
  readonly endpoint: string
  /** The most pages the walk may take; a function when it grows as the walk goes (smaller pages). */
  readonly maxPages: number | (() => number)
  /** What stays as it was and what to do ("the cache is unchanged; run keyward sync again later or report it"). */
  readonly outcome: string
  /** The clock (the project's `now: () => Date`); tests pass a fake one. */
  readonly now?: () => Date
  /** Overrides WALK_DEADLINE_MS. */
  readonly deadlineMs?: number
}

/** Fetches one page: the cursor is null for the first page. */
export type PageFetcher<T> = (cursor: string | null) => Promise<WalkedPage<T>>

/**
 * Follows the pages from the first, handing each page's items to `take` as it arrives (nothing is
 * kept here, so memory does not grow with the walk). Throws when the server wants more pages than
 * the bound, repeats a cursor, or the deadline passes.
 */
export async function walkPages<T>(bounds: WalkBounds, fetchPage: PageFetcher<T>, take: (items: readonly T[]) => void): Promise<void> {
  const now = bounds.now ?? (() => new Date())
  const deadlineMs = bounds.deadlineMs ?? WALK_DEADLINE_MS
  const startedAt = now().getTime()
  const followed = new Set<string>()
  let cursor: string | null = null
  for (let pages = 1; ; pages++) {
    const page = await fetchPage(cursor)
    take(page.items)
    if (page.next === null) return
    const maxPages = typeof bounds.maxPages === 'function' ? bounds.maxPages() : bounds.maxPages
    if (pages >= maxPages) throw refused(bounds, `the Admin API kept returning more pages for ${bounds.endpoint} after ${pages} pages`)
    // `followed` holds every cursor this walk has sent, the current one included.
    if (followed.has(page.next)) {
      throw refused(bounds, `the Admin API sent a next-page cursor for ${bounds.endpoint} that it had already sent (after ${pages} pages)`)
    }
    const elapsed = now().getTime() - startedAt
    if (elapsed > deadlineMs) {
      throw refused(bounds, `the Admin API was still returning pages for ${bounds.endpoint} after ${Math.round(elapsed / 60_000)} minutes and ${pages} pages`, 'TIMEOUT')
    }
    followed.add(page.next)
    cursor = page.next
  }
}

/** Walks every page and returns all items: for lists, whose size the page limit bounds. */
export async function collectPages<T>(bounds: WalkBounds, fetchPage: PageFetcher<T>): Promise<T[]> {
  const all: T[] = []
  await walkPages(bounds, fetchPage, (items) => {
    for (const item of items) all.push(item)
  })
  return all
}

/**
 * For a single page fetched on request (the dashboard's "Load more"): a next cursor equal to the
 * one asked with points at the same page again, so "Load more" would never end. Returns `next`.
 */
export function checkNextCursor(endpoint: string, asked: string | null, next: string | null): string | null {
  if (next !== null && next === asked) {
    throw refused({ outcome: 'nothing was changed; reload the list, or report it if it happens again' }, `the Admin API sent a next-page cursor for ${endpoint} that points at the page it came from`)
  }
  return next
}

function refused(bounds: Pick<WalkBounds, 'outcome'>, what: string, code: 'UNAVAILABLE' | 'TIMEOUT' = 'UNAVAILABLE'): KeywardError {
  return new KeywardError(code, `${what}; Keyward stopped; ${bounds.outcome}.`)
}
