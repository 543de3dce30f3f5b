/** The clipboard as the guard needs it (Electron's async `clipboard` fits; tests pass a fake). */
export interface TextClipboard {
  readText(): Promise<string> | string
  writeText(text: string): Promise<void> | void
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
  /** Copies `secret` and schedules its removal. */
  copy(secret: string): Promise<void>
  /** Clears a pending secret now, if it is still on the clipboard (on quit). */
  flush(): Promise<void>
}

/**
 * Puts secrets on the clipboard and clears them after `clearAfterMs`, but only if the clipboard
 * still holds that exact secret: if the user copied something else meanwhile, it is left alone.
 * A second copy replaces the first's timer.
 */
export function createClipboardGuard(clipboard: TextClipboard, clearAfterMs = CLIPBOARD_CLEAR_MS, timers: Timers = realTimers): ClipboardGuard {
  let pending: { secret: string; handle: unknown } | null = null
  const clearIfStill = async (secret: string) => {
    if ((await clipboard.readText()) === secret) clipboard.clear()
  }
  return {
    async copy(secret) {
      if (pending) timers.clearTimeout(pending.handle)
      pending = null
      await clipboard.writeText(secret)
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
