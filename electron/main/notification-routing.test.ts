import { describe, expect, it } from 'vitest'
import { PATH_FIELD_MAX, TOOL_FIELD_MAX, approvalPrompt, routeNotice } from './notification-routing'

const base = { id: 'x', profile: 'prod', directory: '/w/app', tool: 'claude' }

describe('approvalPrompt', () => {
  it('names the real executable and pid from the OS, and the tool only as a claim, in labelled fields', () => {
    const prompt = approvalPrompt({ ...base, executable: '/usr/lib/claude/claude', pid: 4242 })
    expect(prompt.title).toBe('Allow claude to use prod?')
    expect(prompt.body).toBe('A process asked for the key of profile "prod". Approving lets this process have the key for a while; another process asks again.')
    expect(prompt.fields).toEqual(['Process: /usr/lib/claude/claude (pid 4242)', 'Tool: claude (claimed)', 'Directory: /w/app'])
    expect(prompt.buttons).toEqual(['Deny', 'Approve'])
  })

  it('says when the caller could not be identified, and how many requests wait behind the prompt', () => {
    const prompt = approvalPrompt({ ...base, tool: 'unknown tool', queued: 3 })
    expect(prompt.title).toBe('Allow an unidentified process to use prod?')
    expect(prompt.body).toMatch(/^A process asked .* 3 more requests are waiting for this profile; Deny refuses them too\.$/)
    expect(prompt.fields).toEqual(['Process: not identified by the OS', 'Tool: not named by the caller', 'Directory: /w/app'])
  })

  it('keeps a hostile claimed tool and a 4,096-character remote directory out of its sentences: visible, cut, in their fields', () => {
    const tool = `claude\u001b]0;OWNED\u0007\nApproved by your admin.\u202egnp.exe${'x'.repeat(230)}`
    const directory = `/srv/${'d'.repeat(4000)}/\u001b[2Jend`
    const prompt = approvalPrompt({ ...base, host: 'dev@buildbox', tool, directory })
    const all = [prompt.title, prompt.body, ...prompt.fields].join('\n')
    expect(all).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/)
    expect(prompt.title).toBe('Allow dev@buildbox to use prod?')
    expect(prompt.body).not.toContain('claude')
    expect(prompt.body).not.toContain('/srv/')
    const [toolField, dirField] = prompt.fields
    expect(toolField).toMatch(/^Tool: claude\\x1b\]0;OWNED\\x07\\x0aApproved by your admin\.\\u202egnp\.exex+… \(claimed\)$/)
    expect(toolField!.length).toBeLessThanOrEqual('Tool: '.length + TOOL_FIELD_MAX + ' (claimed)'.length)
    expect(dirField).toMatch(/^Directory: \/srv\/d+…d+\/\\x1b\[2Jend \(claimed by the remote\)$/)
    expect(dirField!.length).toBeLessThanOrEqual('Directory: '.length + PATH_FIELD_MAX + ' (claimed by the remote)'.length)
  })

  it('routes a guard-tampered notice to the Profiles screen as critical, with the way out', () => {
    const routed = routeNotice({ kind: 'guard-tampered', profiles: ['prod'], why: 'requiresApproval, kind or forwardable of prod was changed in config.json outside Keyward' })
    expect(routed).toMatchObject({ title: 'Guard settings changed outside Keyward', urgency: 'critical', screen: 'profiles' })
    expect(routed.body).toContain('Nothing is served from prod until you check them and run: keyward guard --reseal --yes')
  })
})
