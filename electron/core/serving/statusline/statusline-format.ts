import { formatWatermark } from '../../../../shared/data-age'
import { formatMoney, formatUsdPlain } from '../../../../shared/money'
import { safeValue } from '../../../../shared/terminal-text'
import type { StatuslineFacts } from './statusline-facts'

/** The fields a status line can show, in the default order. */
export const STATUSLINE_FIELDS = ['profile', 'env', 'today', 'month', 'session', 'projection', 'budget', 'shared', 'stale'] as const
/** One of STATUSLINE_FIELDS. */
export type StatuslineField = (typeof STATUSLINE_FIELDS)[number]

/** How the line is laid out: which fields, in which order, between which separator. */
export interface StatuslineLayout {
  readonly fields: readonly StatuslineField[]
  readonly separator: string
}

/** The default layout: every field, " · " between them. */
export const DEFAULT_LAYOUT: StatuslineLayout = { fields: STATUSLINE_FIELDS, separator: ' · ' }

/** Parses a comma-separated field list (`--fields`, KEYWARD_STATUSLINE_FIELDS); throws naming the unknown field. */
export function parseFields(text: string): StatuslineField[] {
  const names = text
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f !== '')
  if (names.length === 0) throw new RangeError(`no fields given; pick from ${STATUSLINE_FIELDS.join(',')}`)
  for (const name of names) {
    if (!(STATUSLINE_FIELDS as readonly string[]).includes(name)) throw new RangeError(`unknown field "${name.slice(0, 40)}"; pick from ${STATUSLINE_FIELDS.join(',')}`)
  }
  return names as StatuslineField[]
}

/**
 * The fields that come from this run's own input and environment rather than from Keyward's state:
 * a remembered line (line-memo.ts) keeps a place for them, filled afresh at every run.
 */
export const LIVE_FIELDS = ['env', 'session'] as const
/** One of LIVE_FIELDS. */
export type LiveField = (typeof LIVE_FIELDS)[number]

/** What this run knows by itself: Claude Code's cost of the session (micro-cents) and its environment. */
export interface LiveFacts {
  readonly sessionCost: bigint | null
  readonly env: NodeJS.ProcessEnv
}

/** The variables Claude Code takes a key from before apiKeyHelper, in its order. */
export const ENV_KEY_VARIABLES = ['ANTHROPIC_AUTH_TOKEN', 'ANTHROPIC_API_KEY'] as const

/** The text of a live field, or ''. Never a variable's value: only its name. */
export function liveText(field: LiveField, live: LiveFacts): string {
  if (field === 'env') {
    const set = ENV_KEY_VARIABLES.filter((name) => (live.env[name] ?? '') !== '')
    if (set.length === 0) return ''
    return `${set.join(' and ')} in env ${set.length === 1 ? 'overrides' : 'override'} keyward`
  }
  // Always plain dollars: Claude Code's figure is in dollars, and the line stays free of Intl's start-up.
  return live.sessionCost === null ? '' : `${formatUsdPlain(live.sessionCost)} this session`
}

const isLive = (field: StatuslineField): field is LiveField => (LIVE_FIELDS as readonly string[]).includes(field)
/** The place a live field keeps in the parts of a line (a character oneLine never lets through). */
const livePlace = (field: LiveField): string => `\u0000${field}`

/** "3 min", "2 h", "4 d": how long ago, coarse (a status line has no room for more). */
function ago(ms: number): string {
  if (ms < 3_600_000) return `${Math.max(1, Math.round(ms / 60_000))} min`
  if (ms < 48 * 3_600_000) return `${Math.round(ms / 3_600_000)} h`
  return `${Math.round(ms / 86_400_000)} d`
}

/** The text of one field, or '' when it has nothing to say (empty fields are left out with their separator). */
function fieldText(field: StatuslineField, facts: StatuslineFacts, nowMs: number, locale: string | undefined): string {
  // Without a locale asked for, plain dollars: Intl's money formatting is a cold-start cost the line pays at every turn.
  const money = (micro: bigint): string => (locale === undefined ? formatUsdPlain(micro) : formatMoney(micro, { locale }))
  const spend = facts.spend !== null && !('none' in facts.spend) ? facts.spend : null
  switch (field) {
    case 'profile':
      if ('none' in facts.profile)
        return facts.profile.none === 'not-bound'
          ? 'no key bound here'
          : facts.profile.none === 'no-directory'
            ? "keyward: Claude Code's directory does not exist (no key applies)"
            : facts.profile.none === 'not-allowed'
              ? 'project key not allowed yet (keyward allow)'
              : 'keyward: cannot tell which key (keyward which)'
      return facts.profile.reason === 'default' ? `${facts.profile.name} (default)` : facts.profile.name
    case 'today':
      if (facts.spend !== null && 'none' in facts.spend)
        return facts.spend.none === 'no-usage' ? 'no usage yet (keyward sync)' : facts.spend.none === 'key-not-synced' ? 'key not in a synced org' : 'usage cache unreadable (keyward doctor)'
      return spend ? `${money(spend.today)} today` : ''
    case 'month':
      return spend ? `${money(spend.month)} this month` : ''
    case 'projection':
      return spend?.projection.kind === 'projected' ? `~${money(spend.projection.micro)} by month-end` : ''
    case 'budget':
      if (facts.budget === null) return ''
      return facts.budget.state === 'exceeded'
        ? `over ${facts.budget.period} budget (${facts.budget.percent}%)`
        : `${facts.budget.percent}% of ${facts.budget.period} budget${facts.budget.state === 'warning' ? ' !' : ''}`
    case 'shared':
      return spend && spend.projects > 1 ? `key shared by ${spend.projects} projects` : ''
    case 'env':
    case 'session':
      return livePlace(field)
    case 'stale':
      if (facts.stale === null) return ''
      // By the watermark when the service gave one: how old the figures are, not when Keyward synced.
      if (facts.stale.dataAsOf) return `stale: data as of ${formatWatermark(facts.stale.dataAsOf.at, { nowMs, timeZone: facts.stale.dataAsOf.timeZone, locale })}`
      return facts.stale.lastSyncedAt === null ? 'stale: never synced' : `stale: synced ${ago(nowMs - Date.parse(facts.stale.lastSyncedAt))} ago`
  }
}

/**
 * Makes text safe for one line of a terminal, by the one rule for outside text (shared/terminal-text.ts):
 * newlines and tabs flatten to a space (a status line is one line), every other control or bidi
 * character is shown in escape notation, key-shaped text is redacted, and the line is cut at `max`.
 */
export function oneLine(text: string, max = 300): string {
  const flat = safeValue(text.replace(/[\n\t]+/g, ' '))
    .replace(/sk-ant-[A-Za-z0-9_-]{8,}/g, 'sk-ant-[redacted]')
    .trim()
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
}

/** The texts of the layout's fields for `facts`, in order, with a place kept for each live field (see joinParts). */
export function formatParts(facts: StatuslineFacts, layout: StatuslineLayout, nowMs: number, locale?: string): string[] {
  return layout.fields.map((f) => (isLive(f) ? livePlace(f) : fieldText(f, facts, nowMs, locale)))
}

/** The line from its parts: each live field's place filled from `live`, the empty fields left out with their separator. */
export function joinParts(parts: readonly string[], live: LiveFacts, separator: string): string {
  const filled = parts.map((part) => {
    const field = LIVE_FIELDS.find((f) => part === livePlace(f))
    return field === undefined ? part : liveText(field, live)
  })
  return oneLine(filled.filter((t) => t !== '').join(separator))
}

/** The status line for `facts`: the layout's non-empty fields joined by its separator, as one line. */
export function formatStatusline(facts: StatuslineFacts, layout: StatuslineLayout, nowMs: number, locale?: string, live: LiveFacts = { sessionCost: null, env: {} }): string {
  return joinParts(formatParts(facts, layout, nowMs, locale), live, layout.separator)
}
