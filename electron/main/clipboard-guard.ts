import { ClipboardItem } from 'electron'
import { secretMarkers } from './clipboard-markers'

/**
 * The clipboard as the guard needs it: Electron's `clipboard` (45+) fits, tests pass a fake. Its
 * contract: `write([item])` replaces the whole clipboard with every format of the item, committed
 * atomically; `writeText` replaces it with text alone, so text and markers must go in one write.
 */
export interface SecretClipboard {
  readText(): Promise<string> | string
  write(items: ClipboardItem[]): Promise<void>
  clear(): void
}

/** How long a copied key stays on the clipboard. */
export const CLIPBOARD_CLEAR_MS = 30_000

/** Timers, injected so tests use fake ones. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms)
    // A pending clear must not keep the process alive on quit.
    ;(t as { unref?: () => void }).unref?.()
    return t
  },
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
}

/** What the guard offers: copy a secret for a while, or clear it now. */
export interface ClipboardGuard {
  /** Copies `secret`, marked concealed/transient for clipboard managers, and schedules its removal. */
  copy(secret: string): Promise<void>
  /** Clears a pending secret now, if it is still on the clipboard (on quit). */
  flush(): Promise<void>
}

/** Options for the guard; the defaults are the real ones. */
export interface ClipboardGuardOptions {
  readonly clearAfterMs?: number
  readonly timers?: Timers
  /** Which OS's secret markers to add (see clipboard-markers.ts). */
  readonly platform?: NodeJS.Platform
}

/**
 * Puts secrets on the clipboard, with the OS's "secret, do not keep" markers beside the text in
 * the same write, and clears them after `clearAfterMs`, but only if the clipboard still holds
 * that exact secret: if the user copied something else meanwhile, it is left alone. A second copy
 * replaces the first's timer. Nothing here logs or throws the secret.
 */
export function createClipboardGuard(clipboard: SecretClipboard, options: ClipboardGuardOptions = {}): ClipboardGuard {
  const clearAfterMs = options.clearAfterMs ?? CLIPBOARD_CLEAR_MS
  const timers = options.timers ?? realTimers
  const markers = secretMarkers(options.platform ?? process.platform)
  let pending: { secret: string; handle: unknown } | null = null
  const clearIfStill = async (secret: string) => {
    if ((await clipboard.readText()) === secret) clipboard.clear()
  }
  return {
    async copy(secret) {
      if (pending) timers.clearTimeout(pending.handle)
      pending = null
      const formats: Record<string, string | Blob> = { 'text/plain': secret }
      for (const [format, bytes] of Object.entries(markers)) formats[format] = new Blob([bytes])
      await clipboard.write([new ClipboardItem(formats)])
      const handle = timers.setTimeout(() => {
        pending = null
        void clearIfStill(secret).catch(() => {})
      }, clearAfterMs)
      pending = { secret, handle }
    },
    async flush() {
      if (!pending) return
      const { secret, handle } = pending
      pending = null
      timers.clearTimeout(handle)
      await clearIfStill(secret)
    },
  }
}
