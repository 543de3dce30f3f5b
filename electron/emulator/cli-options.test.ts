import { describe, expect, it } from 'vitest'
import { emulatorBanner, parseEmulatorArgs } from './cli-options'

describe('keyward emulator flags', () => {
  it('parses every flag, separate or with =', () => {
    expect(parseEmulatorArgs(['--port', '8123', '--seed=9', '--keys', '2000', '--days=90', '--people', '500'])).toEqual({ port: 8123, seed: 9, keys: 2000, days: 90, people: 500 })
    expect(parseEmulatorArgs([])).toEqual({})
    expect(parseEmulatorArgs(['--runaway', '5'])).toEqual({ runaway: { hoursAgo: 5 } })
    expect(() => parseEmulatorArgs(['--runaway', '0'])).toThrow(/--runaway needs an integer from 1 to 24/)
    expect(parseEmulatorArgs(['--revisions-every', '30', '--cursor-ttl=5'])).toEqual({ revisions: { everyMinutes: 30 }, cursorTtlMs: 300_000 })
    expect(() => parseEmulatorArgs(['--revisions-every', '0'])).toThrow(/--revisions-every needs an integer from 1 to 1440/)
  })

  it('rejects unknown flags and out-of-range or missing values with one line', () => {
    expect(() => parseEmulatorArgs(['--host', 'x'])).toThrow(/Unknown option/)
    expect(() => parseEmulatorArgs(['--days', '0'])).toThrow(/--days needs an integer from 1 to 365/)
    expect(() => parseEmulatorArgs(['--port'])).toThrow(/--port/)
    expect(() => parseEmulatorArgs(['--keys', '1.5'])).toThrow(/--keys/)
  })

  it('prints the base URL and the demo Admin key', () => {
    expect(emulatorBanner({ baseURL: 'http://127.0.0.1:1', adminKey: 'sk-ant-admin01-demo-xAA' })).toEqual(['Admin API emulator listening on http://127.0.0.1:1', 'Admin key: sk-ant-admin01-demo-xAA'])
  })
})
