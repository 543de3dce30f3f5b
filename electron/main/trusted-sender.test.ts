import { describe, expect, it, vi } from 'vitest'
import { isAppPageUrl } from './trusted-sender'

vi.mock('electron', () => ({}))

const built = 'file:///opt/Keyward/resources/app.asar/out/renderer/index.html'
const prompt = 'file:///opt/Keyward/resources/app.asar/out/renderer/prompt.html'

describe('isAppPageUrl', () => {
  it('accepts the built pages, with any hash or query', () => {
    expect(isAppPageUrl(built, [built])).toBe(true)
    expect(isAppPageUrl(`${built}#/usage`, [built])).toBe(true)
    expect(isAppPageUrl(prompt, [built, prompt])).toBe(true)
    expect(isAppPageUrl(prompt, [built])).toBe(false)
  })
  it('Windows: the drive letter’s case does not matter (Chromium upper-cases it), the rest of the path does', () => {
    const ours = 'file:///c:/Users/u/AppData/Local/Programs/Keyward/resources/app.asar/out/renderer/index.html'
    expect(isAppPageUrl('file:///C:/Users/u/AppData/Local/Programs/Keyward/resources/app.asar/out/renderer/index.html', [ours])).toBe(true)
    expect(isAppPageUrl('file:///D:/Users/u/AppData/Local/Programs/Keyward/resources/app.asar/out/renderer/index.html', [ours])).toBe(false)
    expect(isAppPageUrl('file:///C:/Users/u/AppData/Local/Programs/Keyward/resources/app.asar/out/renderer/evil.html', [ours])).toBe(false)
  })
  it('refuses other files, other schemes and missing URLs', () => {
    expect(isAppPageUrl('file:///tmp/evil.html', [built])).toBe(false)
    expect(isAppPageUrl('https://example.com/', [built])).toBe(false)
    expect(isAppPageUrl(undefined, [built])).toBe(false)
    expect(isAppPageUrl('not a url', [built])).toBe(false)
  })
  it('accepts only the dev server origin in development', () => {
    expect(isAppPageUrl('http://localhost:5173/#/profiles', ['http://localhost:5173'])).toBe(true)
    expect(isAppPageUrl('http://localhost:5174/', ['http://localhost:5173'])).toBe(false)
    expect(isAppPageUrl('http://evil.localhost:5173/', ['http://localhost:5173'])).toBe(false)
  })
})
