import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { DEFAULT_WINDOW_STATE, WINDOW_STATE_FILE, loadWindowState, sanitizeWindowState, saveWindowState, trackWindowState } from './window-state'

vi.mock('electron', () => ({}))

const display = { x: 0, y: 0, width: 1920, height: 1080 }

describe('window state', () => {
  it('round-trips through an atomic write, leaving no temp files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keyward-ws-'))
    await saveWindowState(dir, { x: 100, y: 80, width: 1200, height: 800, maximized: false })
    expect(await loadWindowState(dir, [display])).toEqual({ x: 100, y: 80, width: 1200, height: 800, maximized: false })
    expect(await readdir(dir)).toEqual([WINDOW_STATE_FILE])
  })

  it('a missing or damaged file gives the default', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keyward-ws-'))
    expect(await loadWindowState(dir, [display])).toEqual(DEFAULT_WINDOW_STATE)
    await writeFile(join(dir, WINDOW_STATE_FILE), '{"width": "huge"')
    expect(await loadWindowState(dir, [display])).toEqual(DEFAULT_WINDOW_STATE)
  })

  it('clamps sizes and drops a position that is off every display', () => {
    expect(sanitizeWindowState({ width: 100, height: 99999, x: 0, y: 0 }, [display])).toEqual({ x: 0, y: 0, width: 720, height: 1080, maximized: false })
    expect(sanitizeWindowState({ width: 800, height: 600, x: 3000, y: 200, maximized: true }, [display])).toEqual({ width: 800, height: 600, maximized: true })
    expect(sanitizeWindowState({ width: 800, height: 600, x: 2000, y: 100 }, [display, { x: 1920, y: 0, width: 1280, height: 1024 }])).toMatchObject({ x: 2000 })
    expect(sanitizeWindowState(null, [display])).toEqual(DEFAULT_WINDOW_STATE)
  })

  describe('tracking', () => {
    beforeEach(() => vi.useFakeTimers())
    afterEach(() => vi.useRealTimers())

    it('saves once after moving stops, and on close', async () => {
      const listeners: Record<string, () => void> = {}
      const win = { on: (e: string, fn: () => void) => (listeners[e] = fn), getNormalBounds: () => ({ x: 1, y: 2, width: 900, height: 700 }), isMaximized: () => false }
      const save = vi.fn(async () => {})
      trackWindowState(win, save, () => {}, 500)
      listeners.resize!()
      listeners.move!()
      listeners.move!()
      await vi.advanceTimersByTimeAsync(499)
      expect(save).not.toHaveBeenCalled()
      await vi.advanceTimersByTimeAsync(1)
      expect(save).toHaveBeenCalledTimes(1)
      expect(save).toHaveBeenCalledWith({ x: 1, y: 2, width: 900, height: 700, maximized: false })
      listeners.close!()
      expect(save).toHaveBeenCalledTimes(2)
    })

    it('reports a failed save instead of throwing', async () => {
      const listeners: Record<string, () => void> = {}
      const onError = vi.fn()
      trackWindowState({ on: (e: string, fn: () => void) => (listeners[e] = fn), getNormalBounds: () => display, isMaximized: () => true }, async () => Promise.reject(new Error('disk full')), onError)
      listeners.close!()
      await vi.advanceTimersByTimeAsync(0)
      expect(onError).toHaveBeenCalled()
    })
  })

  it('the file holds only sizes and positions', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keyward-ws-'))
    await saveWindowState(dir, { width: 1000, height: 700, maximized: true })
    expect(JSON.parse(await readFile(join(dir, WINDOW_STATE_FILE), 'utf8'))).toEqual({ width: 1000, height: 700, maximized: true })
  })
})
