import type { AdminPage, PageRequest } from './admin-service'

/** At most this many pages per list (100 items each): a bound, not a limit any real org reaches. */
const MAX_PAGES = 200

/** Walks every page of an admin list call (Review and offboarding read whole lists). */
export async function allPages<T>(list: (page: PageRequest) => Promise<AdminPage<T>>): Promise<T[]> {
  const items: T[] = []
  let cursor: string | null = null
  for (let n = 0; n < MAX_PAGES; n++) {
    const page: AdminPage<T> = await list({ cursor, limit: 100 })
    items.push(...page.items)
    if (page.nextCursor === null) break
    cursor = page.nextCursor
  }
  return items
}
