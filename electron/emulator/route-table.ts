/** Matches `METHOD /path/:param` templates to requests; the handlers are plain functions of a parsed request. */
import type { IncomingHttpHeaders } from 'node:http'
import type { OrgState } from './org-state'
import type { ReportCache, ReportLimits } from './report'
import type { CursorPolicy } from './report-cursor'
import type { AsOf, RefreshSchedule } from './revisions'
import type { UsageGenerator } from './usage-generator'

/** What every handler can reach. */
export interface EmulatorContext {
  state: OrgState
  generator: UsageGenerator
  /** Usage no API key authenticated, in its own hash space (see people.ts). */
  keylessGenerator: UsageGenerator
  reportCache: ReportCache
  reportLimits: ReportLimits
  /** The reports' refreshes (watermark and late-event revisions). */
  refreshes: RefreshSchedule
  /** When report cursors expire. */
  cursors: CursorPolicy
  now: () => Date
}

/** The latest refresh as of the emulator's clock (automatic refreshes due by now are applied first). */
export function currentAsOf(ctx: Pick<EmulatorContext, 'refreshes' | 'now'>): AsOf {
  return ctx.refreshes.asOf(ctx.refreshes.advance(ctx.now().getTime()))
}

/** A parsed request. `body` is the parsed JSON body (undefined when there is none). */
export interface EmulatorRequest {
  method: string
  path: string
  params: Record<string, string>
  query: URLSearchParams
  body: unknown
  headers: IncomingHttpHeaders
  ctx: EmulatorContext
}

/** A handler returns the JSON body of a 200 response, or throws an `EmulatorError`. */
export type Handler = (req: EmulatorRequest) => unknown

/** One route: method, template and handler. */
export interface Route {
  method: string
  template: string
  handler: Handler
}

/** Declares a route. */
export const route = (method: string, template: string, handler: Handler): Route => ({ method, template, handler })

/** Matches a concrete path against a template; returns the decoded params or null. */
export function matchTemplate(template: string, path: string): Record<string, string> | null {
  const t = template.split('/')
  const p = path.split('/')
  if (t.length !== p.length) return null
  const params: Record<string, string> = {}
  for (let i = 0; i < t.length; i++) {
    const seg = t[i] ?? ''
    const actual = p[i] ?? ''
    if (seg.startsWith(':')) {
      if (actual === '') return null
      try {
        params[seg.slice(1)] = decodeURIComponent(actual)
      } catch {
        return null
      }
    } else if (seg !== actual) return null
  }
  return params
}

/** Finds the route for a request; literal segments win over params when two templates match. */
export function findRoute(routes: readonly Route[], method: string, path: string): { route: Route; params: Record<string, string> } | null {
  let best: { route: Route; params: Record<string, string>; score: number } | null = null
  for (const r of routes) {
    if (r.method !== method) continue
    const params = matchTemplate(r.template, path)
    if (!params) continue
    const score = r.template.split('/').filter((s) => !s.startsWith(':')).length
    if (!best || score > best.score) best = { route: r, params, score }
  }
  return best && { route: best.route, params: best.params }
}
