import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { DEFAULT_WINDOW_STATE, WINDOW_STATE_FILE, loadWindowState } from './window-state'

// window-state.json is state in the data directory, so it is never read through a link.
let root: string
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'keyward-window-link-'))
})
afterEach(() => rmSync(root, { recursive: true, force: true }))

it('window-state.json -> saved bounds elsewhere: not read (the default state), the target untouched', async () => {
  const elsewhere = join(root, 'elsewhere.json')
  const text = JSON.stringify({ x: 10, y: 10, width: 300, height: 200, maximized: true })
  writeFileSync(elsewhere, text)
  symlinkSync(elsewhere, join(root, WINDOW_STATE_FILE))
  expect(await loadWindowState(root, [{ x: 0, y: 0, width: 1920, height: 1080 }])).toEqual(DEFAULT_WINDOW_STATE)
  expect(readFileSync(elsewhere, 'utf8')).toBe(text)
})
