/**
 * The Admin API emulator's HTTP server: binds 127.0.0.1 only, checks the Admin key
 * (`x-api-key`, or `Authorization: Bearer`, which is what SDK 1.12 sends), applies injected
 * faults, routes to the handlers and answers in the Admin API's wire format.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { timingSafeEqual } from 'node:crypto'
import { EmulatorError, errorBody } from './errors'
import { createFaultRegistry, endlessPage, type Fault, type FaultRegistry, withoutCursor } from './faults'
import { groundTruthTotals, resolveAsOf, type TruthQuery, type TruthTotals } from './ground-truth'
import { analyticsRoutes } from './handlers-analytics'
import { claudeCodeRoutes } from './handlers-claude-code'
import { apiKeyRoutes } from './handlers-api-keys'
import { orgRoutes } from './handlers-org'
import { spendLimitRoutes } from './handlers-spend-limits'
import { workspaceRoutes } from './handlers-workspaces'
import { addApiKey, setKeyUsageEnd, type AddApiKeyOptions } from './org-actions'
import type { ApiKeyRecord, OrgState } from './org-state'
import { DEFAULT_REPORT_LIMITS, ReportCache, type ReportLimits } from './report'
import { keylessSeed } from './people'
import { DEFAULT_CURSOR_TTL_MS } from './report-cursor'
import { DEFAULT_REVISIONS, RefreshSchedule, type RevisionOptions } from './revisions'
import { currentAsOf, findRoute, type EmulatorContext, type Route } from './route-table'
import { isoOf } from './time'
import { seedOrg } from './seed-data'
import { applyHostileNames } from './hostile-names'
import { type RunawayOptions, resolveRunaway } from './runaway'
import { UsageGenerator } from './usage-generator'

/** Options for `startEmulator`; every one has a default, so `startEmulator()` gives the demo org. */
export interface EmulatorOptions {
  /** TCP port on 127.0.0.1; 0 (the default) lets the OS pick. */
  port?: number
  /** Seed for the org and its usage (default 1). */
  seed?: number
  /** Number of org API keys (default 40). */
  keys?: number
  /** Days of usage before start-up (default 30). */
  days?: number
  /** The clock (default: the real one). Tests pin it; usage is reported up to the current hour. */
  now?: () => Date
  /** Whether spend limits may be retrieved, set and deleted with the Admin key (default true). */
  spendLimitWrites?: boolean
  /** A runaway-script hour for spike tests and the demo (default none); see `runaway.ts`. */
  runaway?: RunawayOptions
  /** Org users to have at least (default: about one per eight keys, 6 to 150). */
  people?: number
  /** Report limits (groups per day, page bytes); lower them to provoke `too_many_report_groups` / `report_page_too_large`. */
  reportLimits?: Partial<ReportLimits>
  /** Renames the org and every workspace, key and user to this text plus a number (tests of hostile names; see `hostile-names.ts`). */
  hostileName?: string
  /**
   * The one credential it accepts, in place of the seed's demo Admin key: a host's per-run random
   * token (demo-host.ts), so the demo org's record on disk holds nothing key-shaped and nobody who
   * merely knows the seed can change the demo org.
   */
  adminKey?: string
  /**
   * Refreshes and late events (see revisions.ts): `everyMinutes` of the emulator's clock between
   * automatic refreshes (default 60), the `share` of open days each refresh revises (default 0.3;
   * 0: the watermark moves, nothing is revised) and the largest revision in percent (default 4).
   */
  revisions?: Partial<RevisionOptions>
  /** How long a report cursor stays valid, in ms of the emulator's clock (default 15 minutes); older cursors get HTTP 410. */
  cursorTtlMs?: number
}

/** The defaults `startEmulator` uses, for the CLI's help text. */
export const EMULATOR_DEFAULTS = { port: 0, seed: 1, keys: 40, days: 30 } as const

/** One request the emulator answered, for tests that count calls or retries. */
export interface RequestLogEntry {
  method: string
  path: string
  status: number
  fault: Fault['kind'] | null
}

/** A running emulator. */
export interface EmulatorHandle {
  /** e.g. `http://127.0.0.1:41234` — pass it as the SDK's `baseURL`. */
  readonly baseURL: string
  readonly port: number
  /** The credential it accepts: the demo Admin key (`sk-ant-admin01-demo-…`) derived from the seed, or `options.adminKey`. */
  readonly adminKey: string
  /** The runaway-script hour's key id and start, when one was asked for. */
  readonly runaway: { readonly apiKeyId: string; readonly hour: string } | null
  /** Per-route fault injection; see `faults.ts`. */
  readonly faults: FaultRegistry
  /** The live org state (read it in tests; change it through the helpers below or the API). */
  readonly state: OrgState
  /** Requests answered so far, oldest first (the last 1,000). */
  readonly requests: readonly RequestLogEntry[]
  /** Ground-truth totals for a range, summed cell by cell, independent of the HTTP and report code; as of the latest refresh, or `query.asOf`. */
  totals(query: TruthQuery): TruthTotals
  /** The latest refresh (automatic ones due by the emulator's clock applied) and its watermark, as report pages carry it. */
  refresh(): { readonly refresh: number; readonly dataRefreshedAt: string }
  /** Refreshes the reports now: open days are revised and the watermark moves (by at least a second, even on a pinned clock). */
  revise(): { readonly refresh: number; readonly dataRefreshedAt: string }
  /** Answers the next `times` (default 1) report requests that present a cursor with HTTP 410, as an expired cursor. */
  expireNextCursor(times?: number): void
  /** Adds an active org API key (the Admin API cannot); returns its record, including the full secret. */
  addApiKey(options: AddApiKeyOptions): ApiKeyRecord
  /** Stops a key's usage from the hour containing `at` (null resumes it), without changing its status. */
  setKeyUsageEnd(apiKeyId: string, at: Date | null): void
  /** Flips the org's "spend limits via Admin API" switch. */
  setSpendLimitWritesEnabled(enabled: boolean): void
  /** Stops the server and drops open connections. */
  close(): Promise<void>
}

const ROUTES: readonly Route[] = [...orgRoutes, ...workspaceRoutes, ...apiKeyRoutes, ...spendLimitRoutes, ...analyticsRoutes, ...claudeCodeRoutes]
const MAX_BODY = 1_000_000
const HOUR = 3_600_000

/** Starts the emulator on 127.0.0.1 and resolves once it listens. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const now = options.now ?? (() => new Date())
  const seed = options.seed ?? EMULATOR_DEFAULTS.seed
  const state = seedOrg({ seed, keys: options.keys ?? EMULATOR_DEFAULTS.keys, days: options.days ?? EMULATOR_DEFAULTS.days, now: now(), people: options.people })
  state.spendLimitWritesEnabled = options.spendLimitWrites ?? true
  if (options.hostileName !== undefined) applyHostileNames(state, options.hostileName)
  const runaway = options.runaway ? resolveRunaway(state, options.runaway, now().getTime()) : null
  const ctx: EmulatorContext = {
    refreshes: new RefreshSchedule(seed, now().getTime(), { ...DEFAULT_REVISIONS, ...options.revisions }),
    cursors: { ttlMs: options.cursorTtlMs ?? DEFAULT_CURSOR_TTL_MS, expireNext: 0 },
    state,
    generator: new UsageGenerator(seed, undefined, runaway),
    keylessGenerator: new UsageGenerator(keylessSeed(seed)),
    reportCache: new ReportCache(),
    reportLimits: { ...DEFAULT_REPORT_LIMITS, ...options.reportLimits },
    now,
  }
  const adminKey = options.adminKey ?? state.adminKey
  const faults = createFaultRegistry()
  const requests: RequestLogEntry[] = []
  let counter = 0

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, errorBody(new EmulatorError('api_error', 'Internal server error'), 'req_emu_internal'))
      else res.destroy()
    })
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = `req_emu_${(++counter).toString().padStart(6, '0')}`
    res.setHeader('request-id', requestId)
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const method = (req.method ?? 'GET').toUpperCase()
    const match = findRoute(ROUTES, method, url.pathname)
    const log = (status: number, fault: Fault['kind'] | null): void => {
      requests.push({ method, path: url.pathname, status, fault })
      if (requests.length > 1000) requests.shift()
    }
    const fail = (error: EmulatorError, fault: Fault['kind'] | null = null): void => {
      if (error.status === 409) res.setHeader('x-should-retry', 'false')
      send(res, error.status, errorBody(error, requestId))
      log(error.status, fault)
    }

    const fault = faults.take(method, url.pathname, match?.route.template ?? null)
    if (fault) {
      switch (fault.kind) {
        case 'reset':
          log(0, 'reset')
          req.socket.destroy()
          return
        case '429':
          res.setHeader('retry-after', String(fault.retryAfterSeconds ?? 1))
          return fail(new EmulatorError('rate_limit_error', 'Number of requests has exceeded your rate limit. Please try again later.'), '429')
        case '500':
          return fail(new EmulatorError('api_error', 'Internal server error'), '500')
        case 'error':
          return fail(new EmulatorError(fault.type, fault.message ?? `Injected ${fault.type}.`, undefined, fault.status), 'error')
        case 'malformed':
          send(res, 200, '{"data": [{"id": "trunc')
          return log(200, 'malformed')
        case 'slow':
          await new Promise((resolve) => setTimeout(resolve, fault.delayMs))
          if (req.socket.destroyed) return log(0, 'slow')
          break
        case 'endless':
          break
      }
    }

    if (!authorised(req, adminKey)) return fail(new EmulatorError('authentication_error', 'invalid x-api-key'), fault?.kind ?? null)
    if (!match) return fail(new EmulatorError('not_found_error', `No route for ${method} ${url.pathname.slice(0, 200)}.`), fault?.kind ?? null)

    let body: unknown
    try {
      body = await readJson(req)
    } catch (error) {
      return fail(error instanceof EmulatorError ? error : new EmulatorError('invalid_request_error', 'Could not read the request body.'))
    }
    try {
      const endless = fault?.kind === 'endless'
      const query = endless ? withoutCursor(url.searchParams) : url.searchParams
      const result = match.route.handler({ method, path: url.pathname, params: match.params, query, body, headers: req.headers, ctx })
      send(res, 200, JSON.stringify(endless ? endlessPage(result, counter) : result))
      log(200, fault?.kind ?? null)
    } catch (error) {
      if (error instanceof EmulatorError) return fail(error, fault?.kind ?? null)
      return fail(new EmulatorError('api_error', 'Internal server error'), fault?.kind ?? null)
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? EMULATOR_DEFAULTS.port, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
  const findKey = (id: string): ApiKeyRecord => {
    const key = state.apiKeys.find((k) => k.wire.id === id)
    if (!key) throw new Error(`No API key ${id}`)
    return key
  }

  return {
    baseURL: `http://127.0.0.1:${port}`,
    port,
    adminKey,
    runaway: runaway ? { apiKeyId: state.apiKeys.find((k) => k.index === runaway.keyIndex)!.wire.id, hour: new Date(runaway.hour * HOUR).toISOString() } : null,
    faults,
    state,
    requests,
    totals: (query) => {
      ctx.refreshes.advance(now().getTime())
      return groundTruthTotals(state, { keys: ctx.generator, keyless: ctx.keylessGenerator }, resolveAsOf(ctx.refreshes, query.asOf), query)
    },
    refresh: () => {
      const asOf = currentAsOf(ctx)
      return { refresh: asOf.refresh, dataRefreshedAt: isoOf(asOf.watermarkMs) }
    },
    revise: () => {
      const refresh = ctx.refreshes.revise(now().getTime())
      return { refresh, dataRefreshedAt: isoOf(ctx.refreshes.watermarkOf(refresh)) }
    },
    expireNextCursor: (times = 1) => {
      ctx.cursors.expireNext += times
    },
    addApiKey: (opts) => addApiKey(state, now().getTime(), opts),
    setKeyUsageEnd: (id, at) => setKeyUsageEnd(state, findKey(id), at),
    setSpendLimitWritesEnabled: (enabled) => {
      state.spendLimitWritesEnabled = enabled
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

function send(res: ServerResponse, status: number, body: string): void {
  res.statusCode = status
  res.setHeader('content-type', 'application/json')
  res.setHeader('content-length', Buffer.byteLength(body))
  res.end(body)
}

/** Accepts the Admin key in `x-api-key` or as a Bearer token; compares in constant time. */
function authorised(req: IncomingMessage, adminKey: string): boolean {
  const header = req.headers['x-api-key']
  const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]
  const presented = (Array.isArray(header) ? header[0] : header) ?? bearer
  if (!presented) return false
  const a = Buffer.from(presented)
  const b = Buffer.from(adminKey)
  return a.length === b.length && timingSafeEqual(a, b)
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY) throw new EmulatorError('invalid_request_error', 'The request body is too large.')
    chunks.push(chunk as Buffer)
  }
  if (size === 0) return undefined
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'))
  } catch {
    throw new EmulatorError('invalid_request_error', 'The request body is not valid JSON.')
  }
}
