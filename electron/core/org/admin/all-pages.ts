import { ADMIN_WALK_OUTCOME, type AdminPage, type PageRequest } from './admin-service'
import { API_MAX_PAGE_SIZE, listPageCap } from '../paging/page-caps'
import { collectPages } from '../paging/page-walk'

/**
 * Walks every page of an admin list call (Review and offboarding read whole lists) through the
 * bounded walk: the API's largest page, at most listPageCap of them, a deadline, no cursor twice.
 * `endpoint` is the Admin API path, named when the pages do not end.
 */
export function allPages<T>(endpoint: string, list: (page: PageRequest) => Promise<AdminPage<T>>, now?: () => Date): Promise<T[]> {
  return collectPages({ endpoint, maxPages: listPageCap(API_MAX_PAGE_SIZE), outcome: ADMIN_WALK_OUTCOME, ...(now !== undefined && { now }) }, async (cursor) => {
    const page = await list({ cursor, limit: API_MAX_PAGE_SIZE })
    return { items: page.items, next: page.nextCursor }
  })
}
