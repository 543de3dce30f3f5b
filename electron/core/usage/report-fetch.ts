import type Anthropic from '@anthropic-ai/sdk'
import { z } from 'zod'
import { KeywardError } from '../../../shared/errors'
import { parseCents } from '../../../shared/money'
import type { Window } from './sync-plan'
import type { Segment, UsageRow } from './usage-row'

/** The API's largest page; fewer, bigger pages are what the request budget wants. */
export const PAGE_SIZE = 1000
/** What every report is broken out by. */
export const GROUP_BY = ['api_key_id', 'workspace_id', 'model'] as const

const Group = z.object({ api_key_id: z.string().nullable(), workspace_id: z.string().nullable(), model: z.string().nullable() })
const Count = z.number().int().nonnegative()
const UsageItem = z.object({
  starting_at: z.string(),
  group: Group,
  usage: z.object({
    uncached_input_tokens: Count,
    cache_creation: z.object({ ephemeral_5m_input_tokens: Count, ephemeral_1h_input_tokens: Count }),
    cache_read_input_tokens: Count,
    output_tokens: Count,
    requests: Count.nullable(),
  }),
})
const CostItem = z.object({
  starting_at: z.string(),
  group: Group,
  cost: z.object({ amount: z.string(), currency: z.string() }),
})

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

type Cell = { numbers: number[]; cost: bigint }

/** Reads every page of one report into `cells`, validating each item. */
async function readReport(
  client: Anthropic,
  kind: 'usage' | 'cost',
  window: Window,
  cells: Map<string, Cell>,
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
      const cellOf = (startingAt: string, group: z.infer<typeof Group>): Cell => {
        const id = `${hourOfIso(startingAt)}\u0000${group.api_key_id ?? ''}\u0000${group.workspace_id ?? ''}\u0000${group.model ?? ''}`
        let cell = cells.get(id)
        if (!cell) {
          cell = { numbers: [0, 0, 0, 0, 0, 0], cost: 0n }
          cells.set(id, cell)
        }
        return cell
      }
      if (kind === 'usage') {
        const item = UsageItem.safeParse(raw)
        if (!item.success) throw malformed(`a usage row without ${item.error.issues[0]?.path.join('.') ?? 'its fields'}`)
        const u = item.data.usage
        const cell = cellOf(item.data.starting_at, item.data.group)
        const add = [u.uncached_input_tokens, u.cache_creation.ephemeral_5m_input_tokens, u.cache_creation.ephemeral_1h_input_tokens, u.cache_read_input_tokens, u.output_tokens, u.requests ?? 0]
        add.forEach((v, i) => (cell.numbers[i] = (cell.numbers[i] ?? 0) + v))
      } else {
        const item = CostItem.safeParse(raw)
        if (!item.success) throw malformed(`a cost row without ${item.error.issues[0]?.path.join('.') ?? 'its fields'}`)
        let micro: bigint
        try {
          micro = parseCents(item.data.cost.amount)
        } catch (error) {
          throw malformed((error as Error).message)
        }
        if (currency !== null && currency !== item.data.cost.currency) throw malformed(`rows in two currencies (${currency}, ${item.data.cost.currency})`)
        currency = item.data.cost.currency
        cellOf(item.data.starting_at, item.data.group).cost += micro
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
 * Fetches one window's usage and cost reports (every page, both in parallel) through the
 * official SDK and joins them into rows. Throws on any failure; nothing is kept from a
 * window that did not arrive whole.
 */
export async function fetchWindow(client: Anthropic, window: Window, options: FetchOptions = {}): Promise<FetchedWindow> {
  const cells = new Map<string, Cell>()
  const [, currency] = await Promise.all([readReport(client, 'usage', window, cells, options), readReport(client, 'cost', window, cells, options)])
  const rows: UsageRow[] = []
  for (const [id, cell] of cells) {
    const [hour = '0', apiKeyId = '', workspaceId = '', model = ''] = id.split('\u0000')
    const startHour = Number(hour)
    if (startHour < window.fromHour || startHour >= window.toHour) throw malformed(`a row for ${isoOfHour(startHour)}, outside the window asked for`)
    rows.push({ startHour, apiKeyId, workspaceId, model, numbers: cell.numbers, costMicro: cell.cost })
  }
  return { segment: { kind: window.kind, fromHour: window.fromHour, toHour: window.toHour, rows }, currency }
}
