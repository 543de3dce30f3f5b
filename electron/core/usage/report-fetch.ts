import type Anthropic from '@anthropic-ai/sdk'
import { KeywardError } from '../../../shared/errors'
import { parseCents } from '../../../shared/money'
import type { Window } from './sync-plan'
import { CellTable } from './cell-table'
import type { Segment } from './usage-row'

/** The API's largest page; fewer, bigger pages are what the request budget wants. */
export const PAGE_SIZE = 1000
/** What every report is broken out by. */
export const GROUP_BY = ['api_key_id', 'workspace_id', 'model'] as const

/** The group fields every row must carry (null allowed). */
interface Group {
  api_key_id: string | null
  workspace_id: string | null
  model: string | null
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0
const isNullableString = (v: unknown): v is string | null => v === null || typeof v === 'string'

/** Checks a row's time and group by hand: zod would copy every row of hundreds of pages, and the sync's memory matters. */
function groupOf(raw: unknown): { startingAt: string; group: Group; body: Record<string, unknown> } {
  if (typeof raw !== 'object' || raw === null) throw malformed('a row that is not an object')
  const row = raw as Record<string, unknown>
  const group = row.group as Record<string, unknown> | null | undefined
  if (typeof row.starting_at !== 'string') throw malformed('a row without starting_at')
  if (typeof group !== 'object' || group === null || !isNullableString(group.api_key_id) || !isNullableString(group.workspace_id) || !isNullableString(group.model)) {
    throw malformed('a row without its api_key_id, workspace_id and model group')
  }
  return { startingAt: row.starting_at, group: { api_key_id: group.api_key_id, workspace_id: group.workspace_id, model: group.model }, body: row }
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
}

const isoOfHour = (hour: number): string => new Date(hour * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z')

function hourOfIso(text: string): number {
  const ms = Date.parse(text)
  if (Number.isNaN(ms)) throw malformed(`starting_at ${JSON.stringify(text.slice(0, 40))} is not a timestamp`)
  return Math.floor(ms / 3_600_000)
}

function malformed(detail: string): KeywardError {
  return new KeywardError('UNAVAILABLE', `the Admin API sent a usage report Keyward could not read (${detail}); the cache was left unchanged and the next sync retries.`)
}


/** Reads every page of one report into `cells`, validating each item. */
async function readReport(
  client: Anthropic,
  kind: 'usage' | 'cost',
  window: Window,
  cells: CellTable,
  options: FetchOptions,
): Promise<string | null> {
  const params = {
    starting_at: isoOfHour(window.fromHour),
    ending_at: isoOfHour(window.toHour),
    time_bucket_width: window.kind === 'daily' ? ('1d' as const) : ('1h' as const),
    group_by: [...GROUP_BY],
    limit: PAGE_SIZE,
  }
  const requestOptions = { maxRetries: options.maxRetries, signal: options.signal }
  const analytics = client.beta.organization.analytics
  let page = kind === 'usage' ? await analytics.usage.list(params, requestOptions) : await analytics.cost.list(params, requestOptions)
  let currency: string | null = null
  for (;;) {
    options.onPage?.()
    if (!Array.isArray(page.data)) throw malformed('a page without a data array')
    for (const raw of page.data as unknown[]) {
      const { startingAt, group, body } = groupOf(raw)
      const cell = cells.slot(hourOfIso(startingAt), group.api_key_id ?? '', group.workspace_id ?? '', group.model ?? '')
      if (kind === 'usage') {
        cells.addNumbers(cell, usageNumbers(body))
      } else {
        const cost = body.cost as Record<string, unknown> | null | undefined
        if (typeof cost?.amount !== 'string' || typeof cost.currency !== 'string') throw malformed('a cost row without amount and currency')
        let micro: bigint
        try {
          micro = parseCents(cost.amount)
        } catch (error) {
          throw malformed((error as Error).message)
        }
        if (currency !== null && currency !== cost.currency) throw malformed(`rows in two currencies (${currency}, ${cost.currency})`)
        currency = cost.currency
        cells.addCost(cell, micro)
      }
    }
    if (!page.hasNextPage()) break
    page = await page.getNextPage()
  }
  return currency
}

/** A fetched window: its segment, and the currency its costs are in (null when it had none). */
export interface FetchedWindow {
  readonly segment: Segment
  readonly currency: string | null
}

/**
 * Fetches one window's usage and cost reports (every page) through the
 * official SDK and joins them into rows. Throws on any failure; nothing is kept from a
 * window that did not arrive whole.
 */
export async function fetchWindow(client: Anthropic, window: Window, options: FetchOptions = {}): Promise<FetchedWindow> {
  const cells = new CellTable()
  // One report after the other: the emulator and the API answer no faster in parallel, and the sync's peak memory halves.
  await readReport(client, 'usage', window, cells, options)
  const currency = await readReport(client, 'cost', window, cells, options)
  const span = cells.hourSpan()
  if (span && (span.min < window.fromHour || span.max >= window.toHour)) throw malformed(`a row for ${isoOfHour(span.min < window.fromHour ? span.min : span.max)}, outside the window asked for`)
  return { segment: cells.toSegment(window.kind, window.fromHour, window.toHour), currency }
}
