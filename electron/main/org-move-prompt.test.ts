import { describe, expect, it, vi } from 'vitest'
import { ORG_MOVE_WINDOW_TITLE, confirmOrgMoveIn, orgMoveContent } from './org-move-prompt'

const move = { orgId: 'org_1', orgName: 'Acme', adminProfile: 'boss', from: 'https://api.anthropic.com', to: 'https://proxy.example' }

describe('org move prompt', () => {
  it('names the org, the current and the new URL; Keep is focused and is what closing the window answers', () => {
    const content = orgMoveContent(move)
    expect(content).toMatchObject({ title: ORG_MOVE_WINDOW_TITLE, buttons: ['Keep the current address', 'Move the org'], defaultId: 0, cancelId: 0, primaryId: 1 })
    expect(content.heading).toContain('boss')
    expect(content.lines).toEqual(expect.arrayContaining(['Org: Acme (org_1)', 'Now: https://api.anthropic.com', 'New: https://proxy.example']))
  })

  it('caps a server-chosen org name', () => {
    expect(orgMoveContent({ ...move, orgName: 'x'.repeat(500) }).lines[0]!.length).toBeLessThan(120)
  })

  it.each([
    [1, true],
    [0, false],
  ])('answers %i → moved=%s', async (index, moved) => {
    const ask = vi.fn(async () => index)
    expect(await confirmOrgMoveIn(ask)(move)).toBe(moved)
    expect(ask).toHaveBeenCalledTimes(1)
  })
})
