import { describe, expect, it } from 'vitest'
import { helperCommandLine, launcherPath, settingsFileFor } from './claude'

describe('keyward claude setup helpers', () => {
  it('quotes the launcher for /bin/sh -c only when needed', () => {
    expect(helperCommandLine('/opt/keyward/bin/keyward')).toBe('/opt/keyward/bin/keyward helper')
    expect(helperCommandLine('/Applications/Key ward.app/keyward')).toBe("'/Applications/Key ward.app/keyward' helper")
    expect(helperCommandLine("/it's/keyward")).toBe("'/it'\\''s/keyward' helper")
  })

  it('finds bin/keyward from the built CLI, or takes KEYWARD_LAUNCHER', () => {
    expect(launcherPath({}, '/', 'file:///app/out/cli/claude-abc.js')).toBe('/app/bin/keyward')
    expect(launcherPath({ KEYWARD_LAUNCHER: 'rel/keyward' }, '/home/me')).toBe('/home/me/rel/keyward')
  })

  it('puts user settings under $HOME and project settings under the directory', () => {
    expect(settingsFileFor('user', '/p', { HOME: '/h' })).toBe('/h/.claude/settings.json')
    expect(settingsFileFor('project', '/p', { HOME: '/h' })).toBe('/p/.claude/settings.json')
  })
})
