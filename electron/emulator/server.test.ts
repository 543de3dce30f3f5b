import Anthropic from '@anthropic-ai/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { partialKeyHint } from './ids'
import { startEmulator, type EmulatorHandle } from './server'

let clock = new Date('2026-11-20T15:30:00Z')
let emu: EmulatorHandle
let twin: EmulatorHandle

beforeAll(async () => {
  emu = await startEmulator({ seed: 3, keys: 12, days: 7, now: () => clock })
  twin = await startEmulator({ seed: 3, keys: 12, days: 7, now: () => clock })
})
afterAll(async () => {
  await Promise.all([emu.close(), twin.close()])
})

describe('emulator handle', () => {
  it('binds 127.0.0.1 on an OS-picked port', () => {
    expect(emu.baseURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(emu.port).toBeGreaterThan(0)
    expect(emu.adminKey).toMatch(/^sk-ant-admin01-demo-[A-Za-z0-9]+AA$/)
  })

  it('is deterministic: the same seed gives the same org, keys and usage', async () => {
    expect(twin.adminKey).toBe(emu.adminKey)
    expect(twin.state.apiKeys.map((k) => k.wire)).toEqual(emu.state.apiKeys.map((k) => k.wire))
    const range = { startingAt: '2026-11-15T00:00:00Z', endingAt: '2026-11-20T00:00:00Z' }
    expect(twin.totals(range)).toEqual(emu.totals(range))
    expect(emu.totals(range).costMicroCents).toBeGreaterThan(0)
  })

  it('adds a key whose hint matches its secret, and whose usage starts with the next hour', async () => {
    const client = new Anthropic({ apiKey: emu.adminKey, baseURL: emu.baseURL, maxRetries: 0 })
    const added = emu.addApiKey({ name: 'rotated' })
    expect(added.secret).toMatch(/^sk-ant-api03-/)
    const listed = await client.beta.organization.apiKeys.retrieve(added.wire.id)
    expect(listed.partial_key_hint).toBe(partialKeyHint(added.secret))
    const window = { startingAt: '2026-11-20T00:00:00Z', endingAt: '2026-11-22T00:00:00Z', apiKeyIds: [added.wire.id] }
    expect(emu.totals(window).requests).toBe(0)
    clock = new Date('2026-11-21T20:10:00Z')
    const later = emu.totals(window)
    const page = await client.beta.organization.analytics.usage.list({ starting_at: window.startingAt, ending_at: window.endingAt, api_key_ids: [added.wire.id] })
    expect(page.data[0]!.usage.requests).toBe(later.requests)
  })

  it('stops a key’s usage from a given hour on', async () => {
    const key = emu.state.apiKeys.find((k) => k.usageEndHour === null)!
    emu.setKeyUsageEnd(key.wire.id, new Date('2026-11-18T00:00:00Z'))
    expect(emu.totals({ startingAt: '2026-11-18T00:00:00Z', endingAt: '2026-11-21T00:00:00Z', apiKeyIds: [key.wire.id] }).requests).toBe(0)
    emu.setKeyUsageEnd(key.wire.id, null)
    expect(key.usageEndHour).toBeNull()
  })
})
