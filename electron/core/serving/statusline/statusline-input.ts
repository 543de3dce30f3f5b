import { isAbsolute } from 'node:path'

/** What the status line takes from the JSON object Claude Code writes on its stdin. */
export interface StatuslineInput {
  /** The directory to resolve: workspace.current_dir, else cwd, else workspace.project_dir; null when none is usable. */
  readonly directory: string | null
  /** Claude Code's session id (session_id), when it is a plausible one; else null. */
  readonly sessionId: string | null
  /** Claude Code's own estimate of the session's cost so far (cost.total_cost_usd) in micro-cents; null when absent or not believable. */
  readonly sessionCost: bigint | null
}

/** How much of stdin is read at most: Claude Code's object is about 1 KiB; more is not a status line's input. */
export const STDIN_MAX_BYTES = 64 * 1024

/**
 * The most one session's cost may be, in dollars: far beyond any real session (a day of the
 * largest model flat out costs a few thousand), low enough that a forged figure cannot make a
 * month's estimate absurd. A figure above it is ignored, not clamped.
 */
export const MAX_SESSION_COST_USD = 100_000

/** A session id as Claude Code writes one (a UUID); anything else (longer, other characters) is ignored. */
const SESSION_ID = /^[A-Za-z0-9_-]{1,64}$/

const NONE: StatuslineInput = { directory: null, sessionId: null, sessionCost: null }

const dir = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 && value.length <= 4096 && isAbsolute(value) && !value.includes('\0') ? value : null)

/** Dollars as a float (Claude Code's own figure) to micro-cents, or null when negative, not finite or absurd. */
export function sessionCostOf(value: unknown): bigint | null {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_SESSION_COST_USD) return null
  // 1e8 micro-cents a dollar; at most 1e13 here, well inside a double's exact integers.
  return BigInt(Math.round(value * 1e8))
}

/**
 * Reads Claude Code's status line input tolerantly: fields come and go between versions, so
 * anything missing, of the wrong type, relative, or not JSON at all is null (for the directory, the
 * caller then uses its own working directory) rather than an error.
 */
export function parseStatuslineInput(text: string): StatuslineInput {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return NONE
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return NONE
  const o = json as { cwd?: unknown; session_id?: unknown; cost?: { total_cost_usd?: unknown } | null; workspace?: { current_dir?: unknown; project_dir?: unknown } | null }
  const ws = typeof o.workspace === 'object' && o.workspace !== null ? o.workspace : {}
  const cost = typeof o.cost === 'object' && o.cost !== null ? o.cost.total_cost_usd : undefined
  return {
    directory: dir(ws.current_dir) ?? dir(o.cwd) ?? dir(ws.project_dir),
    sessionId: typeof o.session_id === 'string' && SESSION_ID.test(o.session_id) ? o.session_id : null,
    sessionCost: sessionCostOf(cost),
  }
}
