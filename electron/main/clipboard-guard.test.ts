import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { CLIPBOARD_CLEAR_MS, createClipboardGuard } from './clipboard-guard'

vi.mock('electron', () => ({}))

/** A fake system clipboard with Electron's async reads. */
function fakeClipboard(initial = '') {
  let text = initial
  return {
    readText: vi.fn(async () => text),
    writeText: vi.fn(async (t: string) => {
      text = t
    }),
    clear: vi.fn(() => {
      text = ''
    }),
    get text() {
      return text
    },
    set text(t: string) {
      text = t
    },
  }
}
const timers = { setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms), clearTimeout: (h: unknown) => clearTimeout(h as number) }
const SECRET = 'sk-ant-api03-not-a-real-key-0000'

describe('clipboard guard', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('clears the key after 30 s if the clipboard still holds it', async () => {
    const clip = fakeClipboard()
    const guard = createClipboardGuard(clip, CLIPBOARD_CLEAR_MS, timers)
    await guard.copy(SECRET)
    expect(clip.text).toBe(SECRET)
    await vi.advanceTimersByTimeAsync(29_999)
    expect(clip.text).toBe(SECRET)
    await vi.advanceTimersByTimeAsync(1)
    expect(clip.text).toBe('')
    expect(CLIPBOARD_CLEAR_MS).toBe(30_000)
  })

  it('leaves the clipboard alone if the user copied something else meanwhile', async () => {
    const clip = fakeClipboard()
    const guard = createClipboardGuard(clip, CLIPBOARD_CLEAR_MS, timers)
    await guard.copy(SECRET)
    clip.text = 'my own text'
    await vi.advanceTimersByTimeAsync(30_000)
    expect(clip.text).toBe('my own text')
    expect(clip.clear).not.toHaveBeenCalled()
  })

  it('a second copy restarts the timer for the new key only', async () => {
    const clip = fakeClipboard()
    const guard = createClipboardGuard(clip, CLIPBOARD_CLEAR_MS, timers)
    await guard.copy(SECRET)
    await vi.advanceTimersByTimeAsync(20_000)
    await guard.copy(`${SECRET}-2`)
    await vi.advanceTimersByTimeAsync(20_000)
    expect(clip.text).toBe(`${SECRET}-2`)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(clip.text).toBe('')
  })

  it('flush clears a pending key at once (on quit), and only that key', async () => {
    const clip = fakeClipboard()
    const guard = createClipboardGuard(clip, CLIPBOARD_CLEAR_MS, timers)
    await guard.flush()
    expect(clip.clear).not.toHaveBeenCalled()
    await guard.copy(SECRET)
    await guard.flush()
    expect(clip.text).toBe('')
    await vi.advanceTimersByTimeAsync(30_000)
    expect(clip.clear).toHaveBeenCalledTimes(1)
  })
})
