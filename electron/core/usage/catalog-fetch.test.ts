import Anthropic from '@anthropic-ai/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type EmulatorHandle, startEmulator } from '../../emulator'
import { DEFAULT_WORKSPACE_NAME, fetchCatalog } from './catalog-fetch'
import { grouper } from './usage-groups'

let emu: EmulatorHandle

beforeAll(async () => {
  emu = await startEmulator({ seed: 7, keys: 20, days: 3 })
})
afterAll(async () => {
  await emu?.close()
})

describe('fetchCatalog', () => {
  it('names the Default workspace, which the API lists only when asked, so usage by workspace never shows its raw id', async () => {
    const catalog = await fetchCatalog(new Anthropic({ apiKey: emu.adminKey, baseURL: emu.baseURL, maxRetries: 0 }))
    const defaultId = emu.state.defaultWorkspaceId
    expect(catalog.workspaces.find((w) => w.id === defaultId)?.name).toBe(DEFAULT_WORKSPACE_NAME)
    // The other workspaces keep their own names.
    const other = emu.state.workspaces.find((w) => w.id !== defaultId)!
    expect(catalog.workspaces.find((w) => w.id === other.id)?.name).toBe(other.name)
    const label = grouper('workspace', catalog, { profileOfKey: new Map(), projectsOfKey: new Map() } as never)
    expect(label({ workspaceId: defaultId, apiKeyId: 'k', model: 'm' } as never).label).toBe('Default workspace')
  })
})
