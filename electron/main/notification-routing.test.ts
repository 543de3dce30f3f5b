import { describe, expect, it } from 'vitest'
import { approvalPrompt, routeNotice } from './notification-routing'

const base = { id: 'x', profile: 'prod', directory: '/w/app', tool: 'claude' }

describe('approvalPrompt', () => {
  it('names the real executable and pid from the OS, and the tool only as a claim', () => {
    const prompt = approvalPrompt({ ...base, executable: '/usr/lib/claude/claude', pid: 4242 })
    expect(prompt.title).toBe('Allow claude to use prod?')
    expect(prompt.body).toBe(
      '/usr/lib/claude/claude (pid 4242), which claims to be claude, asked for the key of profile "prod" in /w/app. Approving lets this process have the key for a while; another process asks again.',
    )
    expect(prompt.buttons).toEqual(['Deny', 'Approve'])
  })

  it('says when the caller could not be identified, and how many requests wait behind the prompt', () => {
    const prompt = approvalPrompt({ ...base, tool: 'unknown tool', queued: 3 })
    expect(prompt.title).toBe('Allow unknown tool to use prod?')
    expect(prompt.body).toMatch(/^A process Keyward could not identify, which did not say what tool it is, asked .* 3 more requests are waiting for this profile; Deny refuses them too\.$/)
  })

  it('routes a guard-tampered notice to the Keys screen as critical, with the way out', () => {
    const routed = routeNotice({ kind: 'guard-tampered', profiles: ['prod'], why: 'requiresApproval, kind or forwardable of prod was changed in config.json outside Keyward' })
    expect(routed).toMatchObject({ title: 'Guard settings changed outside Keyward', urgency: 'critical', screen: 'keys' })
    expect(routed.body).toContain('Nothing is served from prod until you check them and run: keyward guard --reseal --yes')
  })
})
