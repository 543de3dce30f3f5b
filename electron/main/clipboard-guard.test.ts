import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

/**
 * Electron's ClipboardItem (45+), as documented: built from { MIME type or custom format: string |
 * Blob }; a string is UTF-8 encoded, a Blob gives the raw payload bytes; `types` lists the keys.
 * Raw OS formats are written under `electron application/osclipboard;format="<name>"`.
 */
vi.mock('electron', () => ({
  ClipboardItem: class {
    readonly types: string[]
    constructor(readonly items: Record<string, string | Blob>) {
      this.types = Object.keys(items)
    }
  },
}))

const { CLIPBOARD_CLEAR_MS, createClipboardGuard } = await import('./clipboard-guard')
type SecretClipboard = import('./clipboard-guard').SecretClipboard

type FakeItem = { types: string[]; items: Record<string, string | Blob> }

/**
 * A system clipboard with Electron's contract: `write([item])` replaces the whole clipboard with
 * every format of the one item, atomically; `writeText` (another app's copy) replaces it with text
 * alone; `clear` empties it. (Two separate writes would leave only the second: electron#2130,
 * #41462; writeBuffer, which did so, is gone from Electron 45.) Payloads are kept as bytes.
 */
function fakeClipboard() {
  let formats = new Map<string, Uint8Array>()
  const utf8 = new TextEncoder()
  return {
    readText: vi.fn(async () => new TextDecoder().decode(formats.get('text/plain') ?? new Uint8Array(0))),
    write: vi.fn(async (items: FakeItem[]) => {
      expect(items).toHaveLength(1)
      const next = new Map<string, Uint8Array>()
      for (const [type, value] of Object.entries(items[0]!.items)) {
        next.set(type, typeof value === 'string' ? utf8.encode(value) : new Uint8Array(await value.arrayBuffer()))
      }
      formats = next
    }),
    writeText: vi.fn(async (text: string) => {
      formats = new Map([['text/plain', utf8.encode(text)]])
    }),
    clear: vi.fn(() => {
      formats = new Map()
    }),
    /** Every format now on the clipboard, with its bytes. */
    get formats(): Record<string, number[]> {
      return Object.fromEntries([...formats].map(([k, v]) => [k, [...v]]))
    },
    get text(): string {
      return new TextDecoder().decode(formats.get('text/plain') ?? new Uint8Array(0))
    },
  }
}
const timers = { setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms), clearTimeout: (h: unknown) => clearTimeout(h as number) }
const SECRET = 'sk-ant-api03-not-a-real-key-0000'
const secretBytes = [...new TextEncoder().encode(SECRET)]
const raw = (name: string) => `electron application/osclipboard;format="${name}"`
/** A guard for `platform` on a fake clipboard (Electron's `clipboard` in the app). */
const guardOn = (platform: NodeJS.Platform) => {
  const clip = fakeClipboard()
  return { clip, guard: createClipboardGuard(clip as unknown as SecretClipboard, { timers, platform }) }
}

describe('clipboard guard: the key is marked as a secret for clipboard managers, in the same write as its text', () => {
  it('macOS: nspasteboard.org ConcealedType and TransientType, present with an empty payload', async () => {
    const { clip, guard } = guardOn('darwin')
    await guard.copy(SECRET)
    expect(clip.formats).toEqual({ 'text/plain': secretBytes, [raw('org.nspasteboard.ConcealedType')]: [], [raw('org.nspasteboard.TransientType')]: [] })
  })

  it('Windows: ExcludeClipboardContentFromMonitorProcessing, CanIncludeInClipboardHistory and CanUploadToCloudClipboard, each a DWORD 0 (4 little-endian zero bytes)', async () => {
    const { clip, guard } = guardOn('win32')
    await guard.copy(SECRET)
    expect(clip.formats).toEqual({
      'text/plain': secretBytes,
      [raw('ExcludeClipboardContentFromMonitorProcessing')]: [0, 0, 0, 0],
      [raw('CanIncludeInClipboardHistory')]: [0, 0, 0, 0],
      [raw('CanUploadToCloudClipboard')]: [0, 0, 0, 0],
    })
  })

  it.each(['linux', 'freebsd'] as const)('%s (X11 or Wayland): KDE x-kde-passwordManagerHint = UTF-8 "secret"', async (platform) => {
    const { clip, guard } = guardOn(platform)
    await guard.copy(SECRET)
    expect(clip.formats).toEqual({ 'text/plain': secretBytes, [raw('x-kde-passwordManagerHint')]: [0x73, 0x65, 0x63, 0x72, 0x65, 0x74] })
  })

  it('writes once (text and markers together), never writeText, and puts the key in no marker nor any log', async () => {
    const logs = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => vi.spyOn(console, m).mockImplementation(() => {}))
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const { clip, guard } = guardOn(platform)
      await guard.copy(SECRET)
      expect(clip.write).toHaveBeenCalledTimes(1)
      expect(clip.writeText).not.toHaveBeenCalled()
      const markers = Object.entries(clip.formats).filter(([k]) => k !== 'text/plain')
      expect(markers.length).toBeGreaterThan(0)
      for (const [, bytes] of markers) expect(new TextDecoder().decode(new Uint8Array(bytes))).not.toContain('sk-ant')
    }
    for (const spy of logs) {
      expect(spy).not.toHaveBeenCalled()
      spy.mockRestore()
    }
  })
})

describe('clipboard guard: clearing', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('clears the key and its markers after 30 s if the clipboard still holds it', async () => {
    const { clip, guard } = guardOn('win32')
    await guard.copy(SECRET)
    expect(clip.text).toBe(SECRET)
    await vi.advanceTimersByTimeAsync(29_999)
    expect(clip.text).toBe(SECRET)
    await vi.advanceTimersByTimeAsync(1)
    expect(clip.formats).toEqual({})
    expect(CLIPBOARD_CLEAR_MS).toBe(30_000)
  })

  it('leaves the clipboard alone if the user copied something else meanwhile', async () => {
    const { clip, guard } = guardOn('darwin')
    await guard.copy(SECRET)
    await clip.writeText('my own text')
    await vi.advanceTimersByTimeAsync(30_000)
    expect(clip.text).toBe('my own text')
    expect(clip.clear).not.toHaveBeenCalled()
  })

  it('a second copy restarts the timer for the new key only', async () => {
    const { clip, guard } = guardOn('linux')
    await guard.copy(SECRET)
    await vi.advanceTimersByTimeAsync(20_000)
    await guard.copy(`${SECRET}-2`)
    await vi.advanceTimersByTimeAsync(20_000)
    expect(clip.text).toBe(`${SECRET}-2`)
    expect(Object.keys(clip.formats)).toContain(raw('x-kde-passwordManagerHint'))
    await vi.advanceTimersByTimeAsync(10_000)
    expect(clip.formats).toEqual({})
  })

  it('flush clears a pending key at once (on quit), and only that key', async () => {
    const { clip, guard } = guardOn('linux')
    await guard.flush()
    expect(clip.clear).not.toHaveBeenCalled()
    await guard.copy(SECRET)
    await guard.flush()
    expect(clip.formats).toEqual({})
    await vi.advanceTimersByTimeAsync(30_000)
    expect(clip.clear).toHaveBeenCalledTimes(1)
  })
})
