import { join } from 'node:path'
import { writeFileAtomic } from '../core/platform/config/atomic-write'
import { readStateFile } from '../core/platform/fs/safe-file'

/** The dashboard's saved size and place. */
export interface WindowState {
  readonly x?: number | undefined
  readonly y?: number | undefined
  readonly width: number
  readonly height: number
  readonly maximized: boolean
}

/** A rectangle on screen (a display's work area, a window's bounds). */
export interface Rect {
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
}

/** The window's size when nothing is saved, and its smallest size. */
export const DEFAULT_WINDOW_STATE: WindowState = { width: 1100, height: 720, maximized: false }
export const MIN_WINDOW_SIZE = { width: 720, height: 480 } as const

/** Where the state lives, in the data directory (not secret, so plain JSON). */
export const WINDOW_STATE_FILE = 'window-state.json'

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && Number.isInteger(v)

/**
 * Makes a saved state safe to apply: unknown or damaged files give the default, sizes are kept
 * between the minimum and the largest display, and a position is kept only when the window's
 * title bar would land on a display that still exists (a monitor may have been unplugged).
 */
export function sanitizeWindowState(raw: unknown, displays: readonly Rect[]): WindowState {
  if (typeof raw !== 'object' || raw === null) return DEFAULT_WINDOW_STATE
  const r = raw as Record<string, unknown>
  if (!isInt(r.width) || !isInt(r.height)) return DEFAULT_WINDOW_STATE
  const maxW = Math.max(MIN_WINDOW_SIZE.width, ...displays.map((d) => d.width))
  const maxH = Math.max(MIN_WINDOW_SIZE.height, ...displays.map((d) => d.height))
  const width = Math.min(Math.max(r.width, MIN_WINDOW_SIZE.width), maxW)
  const height = Math.min(Math.max(r.height, MIN_WINDOW_SIZE.height), maxH)
  const maximized = r.maximized === true
  if (!isInt(r.x) || !isInt(r.y)) return { width, height, maximized }
  const { x, y } = r
  // The top strip of the window (where it is dragged) must be on some display.
  const visible = displays.some((d) => x + width - 40 > d.x && x + 40 < d.x + d.width && y >= d.y && y + 30 < d.y + d.height)
  return visible ? { x, y, width, height, maximized } : { width, height, maximized }
}

/** Reads the saved state; a missing or unreadable file is the default, never an error. */
export async function loadWindowState(dataDir: string, displays: readonly Rect[]): Promise<WindowState> {
  try {
    // No link followed, another user's file refused: either way the default state.
    const text = await readStateFile(join(dataDir, WINDOW_STATE_FILE), 64 * 1024)
    return text === null ? DEFAULT_WINDOW_STATE : sanitizeWindowState(JSON.parse(text), displays)
  } catch {
    return DEFAULT_WINDOW_STATE
  }
}

/** Writes the state with the core's atomic write (temp, fsync, rename), so a crash mid-write leaves the old file. */
export async function saveWindowState(dataDir: string, state: WindowState): Promise<void> {
  await writeFileAtomic(join(dataDir, WINDOW_STATE_FILE), `${JSON.stringify(state)}\n`)
}

/** The part of a BrowserWindow the tracker reads. */
export interface TrackedWindow {
  on(event: 'resize' | 'move' | 'close', listener: () => void): unknown
  getNormalBounds(): Rect
  isMaximized(): boolean
}

/**
 * Saves the window's state after it stops moving or resizing (`delayMs` of quiet) and when it
 * closes. Save errors go to `onError`: losing the size is not worth bothering anyone about.
 */
export function trackWindowState(win: TrackedWindow, save: (state: WindowState) => Promise<void>, onError: (error: unknown) => void, delayMs = 500): void {
  let timer: ReturnType<typeof setTimeout> | null = null
  const snapshot = (): WindowState => ({ ...win.getNormalBounds(), maximized: win.isMaximized() })
  const flush = () => {
    if (timer) clearTimeout(timer)
    timer = null
    save(snapshot()).catch(onError)
  }
  const schedule = () => {
    if (timer) clearTimeout(timer)
    timer = setTimeout(flush, delayMs)
  }
  win.on('resize', schedule)
  win.on('move', schedule)
  win.on('close', flush)
}
