import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { type ApprovalDecision, type ApprovalRequest, MAX_WAITING_PER_PROFILE, createApprovalBroker } from './approver'

/** A fake presenter that counts prompts, tracks how many are open at once, and lets the test answer them. */
function countingPresenter() {
  const shown: ApprovalRequest[] = []
  const answers: ((d: 'approved' | 'denied') => void)[] = []
  let open = 0
  let maxOpen = 0
  const openPerProfile = new Map<string, number>()
  let maxOpenPerProfile = 0
  return {
    shown,
    maxOpen: () => maxOpen,
    maxOpenPerProfile: () => maxOpenPerProfile,
    answer: (i: number, d: 'approved' | 'denied') => answers[i]!(d),
    present(request: ApprovalRequest, respond: (d: 'approved' | 'denied') => void) {
      shown.push(request)
      open++
      maxOpen = Math.max(maxOpen, open)
      const perProfile = (openPerProfile.get(request.profile) ?? 0) + 1
      openPerProfile.set(request.profile, perProfile)
      maxOpenPerProfile = Math.max(maxOpenPerProfile, perProfile)
      let closed = false
      const close = () => {
        if (closed) return
        closed = true
        open--
        openPerProfile.set(request.profile, openPerProfile.get(request.profile)! - 1)
      }
      answers.push((d) => {
        close()
        respond(d)
      })
      return { dismiss: close }
    },
  }
}

/** Settles promises that have settled by now, without waiting for the others. */
async function settledSoFar(promises: Promise<ApprovalDecision>[]): Promise<(ApprovalDecision | 'pending')[]> {
  const marks = promises.map((p) => Promise.race([p, Promise.resolve('pending' as const)]))
  return Promise.all(marks)
}

describe('approval prompts cannot be flooded', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('a burst from 100 processes in 100 claimed directories opens one prompt; beyond the bound they are refused at once; Deny refuses the queue', async () => {
    const ui = countingPresenter()
    const broker = createApprovalBroker({ present: (r, respond) => ui.present(r, respond), rememberMs: 600_000 })
    const burst = Array.from({ length: 100 }, (_, i) =>
      broker.request({ profile: 'prod', directory: `/w/repo-${i}`, tool: 'claude', executable: '/usr/bin/node', pid: 1000 + i, identity: `${1000 + i}\u0000${i}` }, { timeoutMs: 25_000 }),
    )
    const now = await settledSoFar(burst)
    expect(ui.shown).toHaveLength(1)
    expect(ui.shown[0]).toMatchObject({ directory: '/w/repo-0', executable: '/usr/bin/node', pid: 1000 })
    expect(now.filter((d) => d === 'busy')).toHaveLength(100 - MAX_WAITING_PER_PROFILE)
    expect(now.slice(0, MAX_WAITING_PER_PROFILE).every((d) => d === 'pending')).toBe(true)
    ui.answer(0, 'denied')
    const after = await Promise.all(burst)
    expect(after.filter((d) => d === 'denied')).toHaveLength(MAX_WAITING_PER_PROFILE)
    expect(ui.shown).toHaveLength(1)
    expect(broker.pending()).toBe(0)
  })

  it('shows queued requests one at a time after each approval, never two at once for a profile, and one lane per profile', async () => {
    const ui = countingPresenter()
    const broker = createApprovalBroker({ present: (r, respond) => ui.present(r, respond) })
    const prod = [0, 1, 2].map((i) => broker.request({ profile: 'prod', directory: `/w/${i}`, tool: 't', identity: `p${i}` }))
    const dev = broker.request({ profile: 'dev', directory: '/w/d', tool: 't', identity: 'd' })
    expect(ui.shown.map((r) => r.profile)).toEqual(['prod', 'dev'])
    ui.answer(0, 'approved')
    expect(await prod[0]).toBe('approved')
    expect(ui.shown.map((r) => r.directory)).toEqual(['/w/0', '/w/d', '/w/1'])
    // The prompt says how many more wait behind it (Deny refuses them too).
    expect(ui.shown[2]!.queued).toBe(1)
    ui.answer(1, 'approved')
    ui.answer(2, 'approved')
    expect(await dev).toBe('approved')
    expect(ui.shown.map((r) => r.directory)).toEqual(['/w/0', '/w/d', '/w/1', '/w/2'])
    ui.answer(3, 'approved')
    expect(await Promise.all(prod)).toEqual(['approved', 'approved', 'approved'])
    expect(ui.maxOpenPerProfile()).toBe(1)
  })

  it('queued requests time out on their own clock, and a timed-out prompt is dismissed before the next one shows', async () => {
    const ui = countingPresenter()
    const broker = createApprovalBroker({ present: (r, respond) => ui.present(r, respond) })
    const first = broker.request({ profile: 'prod', directory: '/w/a', tool: 't', identity: 'a' }, { timeoutMs: 1_000 })
    await vi.advanceTimersByTimeAsync(500)
    const second = broker.request({ profile: 'prod', directory: '/w/b', tool: 't', identity: 'b' }, { timeoutMs: 1_000 })
    await vi.advanceTimersByTimeAsync(500)
    expect(await first).toBe('timeout')
    expect(ui.shown).toHaveLength(2)
    expect(ui.maxOpenPerProfile()).toBe(1)
    await vi.advanceTimersByTimeAsync(500)
    expect(await second).toBe('timeout')
    expect(broker.pending()).toBe(0)
    // Room again: the bound counts waiting requests, not past ones.
    expect(await settledSoFar([broker.request({ profile: 'prod', directory: '/w/c', tool: 't' })])).toEqual(['pending'])
  })
})
