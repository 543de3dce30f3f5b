import { isAbsolute } from 'node:path'

/** What the status line takes from the JSON object Claude Code writes on its stdin. */
export interface StatuslineInput {
  /** The directory to resolve: workspace.current_dir, else cwd, else workspace.project_dir; null when none is usable. */
  readonly directory: string | null
}

/** How much of stdin is read at most: Claude Code's object is about 1 KiB; more is not a status line's input. */
export const STDIN_MAX_BYTES = 64 * 1024

const dir = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 && value.length <= 4096 && isAbsolute(value) && !value.includes('\0') ? value : null)

/**
 * Reads Claude Code's status line input tolerantly: fields come and go between versions, so
 * anything missing, of the wrong type, relative, or not JSON at all gives `directory: null` (the
 * caller then uses its own working directory) rather than an error.
 */
export function parseStatuslineInput(text: string): StatuslineInput {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return { directory: null }
  }
  if (typeof json !== 'object' || json === null) return { directory: null }
  const o = json as { cwd?: unknown; workspace?: { current_dir?: unknown; project_dir?: unknown } | null }
  const ws = typeof o.workspace === 'object' && o.workspace !== null ? o.workspace : {}
  return { directory: dir(ws.current_dir) ?? dir(o.cwd) ?? dir(ws.project_dir) }
}
