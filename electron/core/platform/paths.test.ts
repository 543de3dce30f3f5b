import { describe, expect, it } from 'vitest'
import { resolveDataDir } from './paths'

describe('resolveDataDir', () => {
  it('prefers KEYWARD_HOME over everything', () => {
    expect(resolveDataDir({ KEYWARD_HOME: '/tmp/kw', XDG_CONFIG_HOME: '/x' }, 'linux', '/home/me')).toBe('/tmp/kw')
  })
  it('follows XDG on Linux, with the ~/.config fallback', () => {
    expect(resolveDataDir({ XDG_CONFIG_HOME: '/x' }, 'linux', '/home/me')).toBe('/x/keyward')
    expect(resolveDataDir({}, 'linux', '/home/me')).toBe('/home/me/.config/keyward')
  })
  it('uses Application Support on macOS and APPDATA on Windows', () => {
    expect(resolveDataDir({}, 'darwin', '/Users/me')).toBe('/Users/me/Library/Application Support/Keyward')
    expect(resolveDataDir({ APPDATA: 'C:\\Users\\me\\AppData\\Roaming' }, 'win32', 'C:\\Users\\me')).toMatch(/Roaming.Keyward$/)
  })
})
