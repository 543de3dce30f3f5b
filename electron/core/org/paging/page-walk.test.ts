import { describe, expect, it } from 'vitest'
import { isKeywardError } from '../../../../shared/errors'
import { type PageFetcher, WALK_DEADLINE_MS, checkNextCursor, collectPages, walkPages } from './page-walk'
import { listPageCap, reportPageCap } from './page-caps'

const bounds = { endpoint: '/v1/organizations/users', maxPages: 50, outcome: 'nothing was changed; try again later or report it' }

/** A server that answers the cursors in `chain` one after the other, one item a page. */
function chained(chain: ReadonlyArray<string | null>): PageFetcher<number> & { asked: Array<string | null> } {
  const asked: Array<string | null> = []
  const fetch = async (cursor: string | null) => {
    asked.push(cursor)
    return { items: [asked.length], next: chain[asked.length - 1] ?? null }
  }
  return Object.assign(fetch, { asked })
}

async function failure(work: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await work
  } catch (error) {
    if (isKeywardError(error)) return { code: error.code, message: error.message }
    throw error
  }
  throw new Error('the walk ended without an error')
}

describe('the bounded page walk', () => {
  it('follows cursors to the end and returns every item', async () => {
    const server = chained(['a', 'b', null])
    expect(await collectPages(bounds, server)).toEqual([1, 2, 3])
    expect(server.asked).toEqual([null, 'a', 'b'])
  })

  it('stops after the page limit, naming the endpoint, having asked for no more pages than the limit', async () => {
    let n = 0
    const endless: PageFetcher<number> = async () => ({ items: [++n], next: `c${n}` })
    const error = await failure(collectPages(bounds, endless))
    expect(error.code).toBe('UNAVAILABLE')
    expect(error.message).toBe('the Admin API kept returning more pages for /v1/organizations/users after 50 pages; Keyward stopped; nothing was changed; try again later or report it.')
    expect(n).toBe(50)
  })

  it('refuses any cursor it already followed, not only the last one', async () => {
    const server = chained(['a', 'b', 'c', 'a', 'never'])
    const error = await failure(collectPages(bounds, server))
    expect(error.message).toMatch(/^the Admin API sent a next-page cursor for \/v1\/organizations\/users that it had already sent \(after 4 pages\); Keyward stopped;/)
    expect(server.asked).toEqual([null, 'a', 'b', 'c'])
  })

  it('stops at the deadline on an injected clock, without waiting', async () => {
    let clock = 0
    const now = () => new Date(clock)
    let n = 0
    // Each page "takes" two minutes of the fake clock.
    const slow: PageFetcher<number> = async () => {
      clock += 2 * 60_000
      return { items: [++n], next: `c${n}` }
    }
    const error = await failure(walkPages({ ...bounds, maxPages: 10_000, now }, slow, () => {}))
    expect(error.code).toBe('TIMEOUT')
    expect(error.message).toMatch(/^the Admin API was still returning pages for \/v1\/organizations\/users after 16 minutes and 8 pages; Keyward stopped;/)
    expect(n).toBe(Math.floor(WALK_DEADLINE_MS / (2 * 60_000)) + 1)
  })

  it('takes a page limit that grows as the walk goes (smaller pages asked again)', async () => {
    let limit = 2
    let n = 0
    const endless: PageFetcher<number> = async () => {
      n++
      if (n === 2) limit = 4
      return { items: [n], next: `c${n}` }
    }
    await failure(collectPages({ ...bounds, maxPages: () => limit }, endless))
    expect(n).toBe(4)
  })

  it('a single page ("Load more") whose next cursor is the one asked with is refused', () => {
    expect(checkNextCursor('/v1/organizations/invites', 'x', 'y')).toBe('y')
    expect(checkNextCursor('/v1/organizations/invites', null, null)).toBeNull()
    expect(() => checkNextCursor('/v1/organizations/invites', 'x', 'x')).toThrow(/next-page cursor for \/v1\/organizations\/invites that points at the page it came from/)
  })
})

describe('page limits', () => {
  it('derives a report limit from buckets × groups per bucket ÷ page size, plus slack', () => {
    expect(reportPageCap(72, 1, 81 * 64, 1000)).toBe(Math.ceil((72 * 81 * 64) / 1000) + 5)
    expect(reportPageCap(31 * 24, 24, 1000, 1000)).toBe(31 + 5)
    // Half-size pages (report_page_too_large) allow twice the pages.
    expect(reportPageCap(31 * 24, 24, 1000, 500)).toBe(62 + 5)
  })
  it('derives a list limit from the largest org at the page size asked for', () => {
    expect(listPageCap(1000)).toBe(105)
    expect(listPageCap(100)).toBe(1005)
  })
})
