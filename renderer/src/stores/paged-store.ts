import { create } from 'zustand'
import type { WireError } from '../../../shared/errors'
import type { Result } from '../../../shared/result'

/** One page as the admin procedures return it. */
export interface Page<T> {
  items: T[]
  nextCursor: string | null
}

/** A list that loads page by page for one query (an org, a filter) and forgets stale answers. */
export interface PagedState<T, Q> {
  query: Q | null
  items: T[]
  nextCursor: string | null
  loading: boolean
  error: WireError | null
  /** Loads the first page for `query`, replacing what was shown. */
  load(query: Q): Promise<void>
  /** Appends the next page. */
  loadMore(): Promise<void>
  /** Reloads the first page of the current query (after a change). */
  reload(): Promise<void>
}

/** Creates a paged-list store over one list procedure. */
export function createPagedStore<T, Q>(fetchPage: (query: Q, cursor: string | null) => Promise<Result<Page<T>>>) {
  return create<PagedState<T, Q>>((set, get) => ({
    query: null,
    items: [],
    nextCursor: null,
    loading: false,
    error: null,
    async load(query) {
      set({ query, items: [], nextCursor: null, loading: true, error: null })
      const result = await fetchPage(query, null)
      if (get().query !== query) return
      set(result.ok ? { items: result.value.items, nextCursor: result.value.nextCursor, loading: false } : { error: result.error, loading: false })
    },
    async loadMore() {
      const { query, nextCursor, items } = get()
      if (query === null || nextCursor === null) return
      set({ loading: true })
      const result = await fetchPage(query, nextCursor)
      if (get().query !== query) return
      set(result.ok ? { items: [...items, ...result.value.items], nextCursor: result.value.nextCursor, loading: false } : { error: result.error, loading: false })
    },
    async reload() {
      const { query } = get()
      if (query !== null) await get().load(query)
    },
  }))
}

/** Runs a change; on success reloads the lists it affects. Returns the error to show in place, or null. */
export async function change(result: Promise<Result<unknown>>, ...reload: Array<() => Promise<void>>): Promise<WireError | null> {
  const done = await result
  if (!done.ok) return done.error
  await Promise.all(reload.map((r) => r()))
  return null
}
