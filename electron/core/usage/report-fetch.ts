import type Anthropic from '@anthropic-ai/sdk'
import { APIError } from '@anthropic-ai/sdk'
import { BetaReportPageTooLargeError, BetaTooManyReportGroupsError } from '@anthropic-ai/sdk/resources/beta/organization/organization'
import { KeywardError } from '../../../shared/errors'
import { parseCents } from '../../../shared/money'
import type { Window } from './sync-plan'
import type { WindowStage } from './store/window-stage'
import { readActor } from './actor-id'
import type { ActorInfo } from './catalog-types'
import { type OrgSize, groupsPerBucket, reportPageCap } from '../org/paging/page-caps'
import { walkPages } from '../org/paging/page-walk'

/** The API's largest page; fewer, bigger pages are what the request budget wants. */
export const PAGE_SIZE = 1000
/**
 * What every report is broken out by: five dimensions, the API's maximum, in one report. Each
 * key's usage is attributed to one actor and product almost always, so adding `actor` and
 * `product` to the key report adds only the rows of usage no key authenticated (Claude Code
 * seats, federated callers), far fewer requests than a second report per window would cost.
 */
export const GROUP_BY = ['api_key_id', 'workspace_id', 'model', 'actor', 'product'] as const

/** The group fields every row must carry (null allowed). */
interface Group {
  api_key_id: string | null
  workspace_id: string | null
  model: string | null
  actor: ActorInfo | null
  product: string | null
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0
const isNullableString = (v: unknown): v is string | null => v === null || typeof v === 'string'

/** Checks a row's time and group by hand: zod would copy every row of hundreds of pages, and the sync's memory matters. */
function groupOf(raw: unknown): { startingAt: string; group: Group; body: Record<string, unknown> } {
  if (typeof raw !== 'object' || raw === null) throw malformed('a row that is not an object')
  const row = raw as Record<string, unknown>
  const group = row.group as Record<string, unknown> | null | undefined
  if (typeof row.starting_at !== 'string') throw malformed('a row without starting_at')
  if (
    typeof group !== 'object' ||
    group === null ||
    !isNullableString(group.api_key_id) ||
    !isNullableString(group.workspace_id) ||
    !isNullableString(group.model) ||
    !isNullableString(group.product)
  ) {
    throw malformed('a row without its api_key_id, workspace_id, model and product group')
  }
  if (typeof group.product === 'string' && group.product.startsWith('~')) throw malformed('a product that starts with ~')
  const actor = readActor(group.actor)
  if (typeof actor === 'string') throw malformed(actor)
  return {
    startingAt: row.starting_at,
    group: { api_key_id: group.api_key_id, workspace_id: group.workspace_id, model: group.model, actor, product: group.product === null ? null : group.product.slice(0, 100) },
    body: row,
  }
}

/** The six numbers of a usage row, or a malformed-report error naming what is missing. */
function usageNumbers(body: Record<string, unknown>): number[] {
  const u = body.usage as Record<string, unknown> | null | undefined
  const cc = (u?.cache_creation ?? null) as Record<string, unknown> | null
  const values = [u?.uncached_input_tokens, cc?.ephemeral_5m_input_tokens, cc?.ephemeral_1h_input_tokens, u?.cache_read_input_tokens, u?.output_tokens, u?.requests ?? 0]
  if (!values.every(isCount)) throw malformed('a usage row whose token counts are not whole numbers')
  return values as number[]
}

/** Per-request options: retries (the SDK waits as `retry-after` says between them) and an abort signal. */
export interface FetchOptions {
  readonly maxRetries?: number
  readonly signal?: AbortSignal
  /** Called once per page received (for progress and request counting). */
  readonly onPage?: () => void
  /** The org's size from the catalog, which bounds the groups of a bucket and so the pages of a report. */
  readonly orgSize?: OrgSize | null
  /** The clock the walk's deadline is measured by. */
  readonly now?: () => Date
}

/** The Admin API path of each report, named when its pages do not end. */
export const REPORT_PATHS = { usage: '/v1/organizations/analytics/usage', cost: '/v1/organizations/analytics/cost' } as const

/** What a refused report walk leaves behind and what to do. */
export const SYNC_OUTCOME = 'nothing from that report was saved, the cache is unchanged; run keyward sync again later or report it'

const isoOfHour = (hour: number): string => new Date(hour * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z')

function hourOfIso(text: string): number {
  const ms = Date.parse(text)
  if (Number.isNaN(ms)) throw malformed(`starting_at ${JSON.stringify(text.slice(0, 40))} is not a timestamp`)
  return Math.floor(ms / 3_600_000)
}

function malformed(detail: string): KeywardError {
  return new KeywardError('UNAVAILABLE', `the Admin API sent a usage report Keyward could not read (${detail}); the cache was left unchanged and the next sync retries.`)
}

function tooManyGroups(window: Window, error: BetaTooManyReportGroupsError): KeywardError {
  const said = (error.apiMessage ?? '').slice(0, 300)
  return new KeywardError(
    'API_UNSUPPORTED',
    `the Admin API cannot break usage from ${isoOfHour(window.fromHour)} to ${isoOfHour(window.toHour)} out by key, workspace, model, person and product: a day has usage in more groups than one report can return${said ? ` (the API said: ${said})` : ''}. The cache was left unchanged; this org's usage cannot be synced at that detail.`,
  )
}

/** What one report read: its currency (null without cost rows) and the newest `data_refreshed_at` of its pages. */
interface ReportRead {
  readonly currency: string | null
  readonly watermark: string | null
}

/** The newer of two watermarks (ISO instants); null only when both are. */
export function newerWatermark(a: string | null, b: string | null): string | null {
  if (a === null) return b
  if (b === null) return a
  return Date.parse(b) > Date.parse(a) ? b : a
}

/** A page of the usage or the cost report, as the SDK returns it. */
type PageOf = Awaited<ReturnType<Anthropic['beta']['organization']['analytics']['usage']['list']>> | Awaited<ReturnType<Anthropic['beta']['organization']['analytics']['cost']['list']>>

/**
 * Reads every page of one report into `cells`, validating each item. A page the API finds too
 * large (`report_page_too_large`) is asked again from the same cursor with half the rows, and the
 * rest of the report keeps the smaller page; too many groups is an error that names the window.
 */
async function readReport(client: Anthropic, kind: 'usage' | 'cost', window: Window, stage: WindowStage, actors: Map<string, ActorInfo>, options: FetchOptions): Promise<ReportRead> {
  const params = {
    starting_at: isoOfHour(window.fromHour),
    ending_at: isoOfHour(window.toHour),
    time_bucket_width: window.kind === 'daily' ? ('1d' as const) : ('1h' as const),
    group_by: [...GROUP_BY],
  }
  const requestOptions = { maxRetries: options.maxRetries, signal: options.signal }
  const analytics = client.beta.organization.analytics
  let limit = PAGE_SIZE
  let cursor: string | null = null
  const fetchPage = async (): Promise<PageOf> => {
    for (;;) {
      const asked = { ...params, limit, ...(cursor === null ? {} : { page: cursor }) }
      try {
        return kind === 'usage' ? await analytics.usage.list(asked, requestOptions) : await analytics.cost.list(asked, requestOptions)
      } catch (error) {
        if (error instanceof BetaTooManyReportGroupsError) throw tooManyGroups(window, error)
        if (!(error instanceof BetaReportPageTooLargeError)) throw error
        if (limit === 1) {
          throw new KeywardError('UNAVAILABLE', 'the Admin API refused even a one-row usage report page as too large (report_page_too_large); the cache was left unchanged and the next sync retries.')
        }
        limit = Math.max(1, Math.floor(limit / 2))
      }
    }
  }
  let currency: string | null = null
  let watermark: string | null = null
  const take = (rows: readonly unknown[]): void =>
    stage.page((add) => {
      for (const raw of rows) {
        const { startingAt, group, body } = groupOf(raw)
        if (group.actor) actors.set(group.actor.id, group.actor)
        const hour = hourOfIso(startingAt)
        const cell = { apiKeyId: group.api_key_id ?? '', workspaceId: group.workspace_id ?? '', model: group.model ?? '', actorId: group.actor?.id ?? '', product: group.product ?? '' }
        if (kind === 'usage') {
          add.usage(hour, cell, usageNumbers(body))
        } else {
          const cost = body.cost as Record<string, unknown> | null | undefined
          if (typeof cost?.amount !== 'string' || typeof cost.currency !== 'string') throw malformed('a cost row without amount and currency')
          let micro: bigint
          try {
            micro = parseCents(cost.amount)
          } catch (error) {
            throw malformed(`GET /v1/organizations/analytics/cost, field cost.amount: ${(error as Error).message}`)
          }
          if (currency !== null && currency !== cost.currency) throw malformed(`rows in two currencies (${currency}, ${cost.currency})`)
          currency = cost.currency
          add.cost(hour, cell, micro)
        }
      }
    })
  const groups = groupsPerBucket(options.orgSize ?? null)
  const bounds = {
    endpoint: REPORT_PATHS[kind],
    // Recomputed each page: a page asked again with fewer rows (report_page_too_large) means more pages.
    maxPages: () => reportPageCap(window.toHour - window.fromHour, window.kind === 'daily' ? 24 : 1, groups, limit),
    outcome: SYNC_OUTCOME,
    ...(options.now !== undefined && { now: options.now }),
  }
  await walkPages(
    bounds,
    async (next) => {
      cursor = next
      const page = await fetchPage()
      options.onPage?.()
      if (!Array.isArray(page.data)) throw malformed('a page without a data array')
      watermark = newerWatermark(watermark, readWatermark(page.data_refreshed_at))
      const more = page.has_more && typeof page.next_page === 'string' && page.next_page !== ''
      return { items: page.data as unknown[], next: more ? page.next_page : null }
    },
    take,
  )
  return { currency, watermark }
}

/** A page's `data_refreshed_at`, checked: an instant, or null when absent; anything else is a malformed report. */
function readWatermark(value: unknown): string | null {
  if (value === null || value === undefined) return null
  if (typeof value !== 'string' || value.length > 40 || Number.isNaN(Date.parse(value))) throw malformed('a data_refreshed_at that is not a timestamp')
  return new Date(Date.parse(value)).toISOString()
}

/** A fetched window, staged: the currency its costs are in (null when it had none), its watermark and actors. */
export interface FetchedWindow {
  readonly currency: string | null
  /** The newest `data_refreshed_at` of the window's pages: the service's figures are complete up to it. */
  readonly watermark: string | null
  /** Every actor the window's rows named. */
  readonly actors: ActorInfo[]
}

/** Whether an error is the API's "cursor expired" (HTTP 410 Gone); the SDK has no subclass for it, so a plain APIError. */
const isExpiredCursor = (error: unknown): boolean => error instanceof APIError && error.status === 410

/** Reads both reports of a window into `stage` once. */
async function readWindow(client: Anthropic, window: Window, stage: WindowStage, options: FetchOptions, at: { report: 'usage' | 'cost' }): Promise<FetchedWindow> {
  // One report after the other: the emulator and the API answer no faster in parallel.
  const actors = new Map<string, ActorInfo>()
  at.report = 'usage'
  const usage = await readReport(client, 'usage', window, stage, actors, options)
  at.report = 'cost'
  const cost = await readReport(client, 'cost', window, stage, actors, options)
  return { currency: cost.currency, watermark: newerWatermark(usage.watermark, cost.watermark), actors: [...actors.values()] }
}

/**
 * Fetches one window's usage and cost reports (every page) through the official SDK into `stage`,
 * where rows of the same cell are summed and the two reports joined. A cursor that expired (410)
 * restarts the window from its first page, once, with the stage emptied; a second 410 is an error
 * naming the report and window. Throws on any failure; the caller commits only a whole window.
 */
export async function fetchWindow(client: Anthropic, window: Window, stage: WindowStage, options: FetchOptions = {}): Promise<FetchedWindow> {
  let fetched: FetchedWindow
  const at: { report: 'usage' | 'cost' } = { report: 'usage' }
  try {
    fetched = await readWindow(client, window, stage, options, at)
  } catch (error) {
    if (!isExpiredCursor(error)) throw error
    stage.reset()
    try {
      fetched = await readWindow(client, window, stage, options, at)
    } catch (again) {
      if (!isExpiredCursor(again)) throw again
      stage.reset()
      throw new KeywardError(
        'UNAVAILABLE',
        `the Admin API expired the page cursor of GET ${REPORT_PATHS[at.report]} from ${isoOfHour(window.fromHour)} to ${isoOfHour(window.toHour)} twice (HTTP 410), also after a restart from the first page; that window was left unchanged in the cache; run keyward sync again later.`,
      )
    }
  }
  const span = stage.hourSpan()
  if (span && (span.min < window.fromHour || span.max >= window.toHour)) throw malformed(`a row for ${isoOfHour(span.min < window.fromHour ? span.min : span.max)}, outside the window asked for`)
  return fetched
}
