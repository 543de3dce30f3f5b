import { randomUUID } from 'node:crypto'

/** A helper (or exec/env) call that wants a key from a profile marked "requires approval". */
export interface ApprovalRequest {
  readonly id: string
  readonly profile: string
  readonly directory: string
  /** The requesting tool as reported by the caller ("claude", "keyward exec", …); shown as a claim, never trusted. */
  readonly tool: string
  /**
   * The process asking, from the OS (peer credentials): the executable and pid of the process that
   * ran the helper (its parent through `sh -c`, e.g. the Claude Code session). Absent when the OS
   * could not say; the prompt then says so.
   */
  readonly executable?: string
  readonly pid?: number
  /** For a key forwarded over `keyward ssh`: the remote host asking (user@host, as the laptop's ssh named it). */
  readonly host?: string
  /** Other requests for this profile waiting behind this prompt when it was shown (Deny refuses them too). */
  readonly queued?: number
}

/** What the key service asks: a request, plus the caller's identity an approval may be remembered for. */
export type ApprovalAsk = Omit<ApprovalRequest, 'id' | 'queued'> & {
  /**
   * Who is asking, as the OS names them (pid + start time + executable of the approval subject, and
   * the real working directory). An approval is remembered for exactly this identity; without one
   * (the OS could not identify the caller) it is never remembered, nor shared with another request.
   */
  readonly identity?: string
}

/**
 * How a request ended. `timeout` and `unavailable` are denials the caller can explain; `busy` means
 * too many requests were already waiting for this profile, so this one was refused without a prompt.
 */
export type ApprovalDecision = 'approved' | 'denied' | 'timeout' | 'unavailable' | 'busy'

/**
 * What the key service awaits before serving a profile that requires approval. It resolves
 * (never rejects) within `timeoutMs`; anything but `approved` means "do not serve".
 */
export interface Approver {
  request(request: ApprovalAsk, options?: { timeoutMs?: number }): Promise<ApprovalDecision>
  /** True for the headless daemon's approver, which has no prompt and refuses every request. */
  readonly headless?: boolean
}

/** How long a helper waits for a person by default: Claude Code waits on apiKeyHelper, so keep it short. */
export const DEFAULT_APPROVAL_TIMEOUT_MS = 60_000

/** Requests that may wait for one profile's prompt (the open one included); more are refused at once as `busy`. */
export const MAX_WAITING_PER_PROFILE = 32

/** Shows a request to a person (a notification with buttons, a dialog) and reports the answer through `respond`. */
export type PresentApproval = (request: ApprovalRequest, respond: (decision: 'approved' | 'denied') => void) => { dismiss(): void } | void

/** Options for the broker that turns a UI into an Approver. */
export interface ApprovalBrokerOptions {
  readonly present: PresentApproval
  readonly defaultTimeoutMs?: number
  /** How long an approval lasts for the same caller identity and profile, so repeated helper calls do not ask again. 0 = ask every time. */
  readonly rememberMs?: number
  /** Bound on waiting requests per profile (MAX_WAITING_PER_PROFILE by default). */
  readonly maxWaitingPerProfile?: number
  readonly now?: () => number
  readonly setTimer?: (fn: () => void, ms: number) => unknown
  readonly clearTimer?: (handle: unknown) => void
}

/** Requests that share one answer: the same profile and caller identity. */
interface Group {
  readonly key: string | null
  readonly ask: ApprovalAsk
  members: number
  settled: boolean
  timer: unknown
  prompt: { dismiss(): void } | void
  resolve: (decision: ApprovalDecision) => void
  readonly promise: Promise<ApprovalDecision>
}

/** One profile's prompts: at most one shown, the rest queued in arrival order. */
interface Lane {
  readonly profile: string
  active: Group | null
  readonly queue: Group[]
  waiting: number
}

/**
 * An Approver over any UI, built so that prompts cannot be flooded (a tool that asks in a loop must
 * not bury the person in prompts or wear them into approving): per profile, one prompt is shown at
 * a time and the others queue in arrival order; concurrent requests of the same caller identity
 * share one prompt; a Deny refuses every request queued for that profile (a burst costs the person
 * one answer); beyond `maxWaitingPerProfile` waiting requests a new one is
 * refused at once (`busy`). Each request resolves exactly once: the answer, or its timeout counted
 * from its arrival (dismissing its prompt if shown). Approvals are remembered for `rememberMs` for
 * the same identity only (see ApprovalAsk.identity): another process claiming the same directory is
 * asked again.
 */
export function createApprovalBroker(options: ApprovalBrokerOptions): Approver & { pending(): number } {
  const now = options.now ?? Date.now
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms))
  const clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>))
  const maxWaiting = options.maxWaitingPerProfile ?? MAX_WAITING_PER_PROFILE
  const lanes = new Map<string, Lane>()
  const approvedUntil = new Map<string, number>()
  const remembered = (key: string | null) => key !== null && (approvedUntil.get(key) ?? 0) > now()

  /** Ends one group; `next` false while refusing a queue, so nothing is shown halfway through. */
  function settle(lane: Lane, group: Group, decision: ApprovalDecision, next = true): void {
    if (group.settled) return
    group.settled = true
    clearTimer(group.timer)
    lane.waiting -= group.members
    const wasShown = lane.active === group
    if (wasShown) {
      lane.active = null
      if (decision === 'timeout') group.prompt?.dismiss()
    } else {
      const at = lane.queue.indexOf(group)
      if (at !== -1) lane.queue.splice(at, 1)
    }
    if (decision === 'approved' && group.key !== null && (options.rememberMs ?? 0) > 0) approvedUntil.set(group.key, now() + options.rememberMs!)
    group.resolve(decision)
    // A person said no to this profile: what queued behind the prompt is refused with it.
    if (decision === 'denied' && wasShown) for (const queued of [...lane.queue]) settle(lane, queued, 'denied', false)
    if (next) pump(lane)
  }

  function pump(lane: Lane): void {
    while (lane.active === null && lane.queue.length > 0) {
      // No queued group can hold a remembered identity: requests of one identity share one group.
      const group = lane.queue.shift()!
      lane.active = group
      try {
        group.prompt = options.present({ ...group.ask, id: randomUUID(), queued: lane.queue.reduce((n, g) => n + g.members, 0) }, (d) => settle(lane, group, d))
      } catch {
        settle(lane, group, 'unavailable')
      }
    }
    if (lane.active === null && lane.queue.length === 0 && lanes.get(lane.profile) === lane) lanes.delete(lane.profile)
  }

  return {
    pending: () => [...lanes.values()].reduce((n, lane) => n + lane.queue.length + (lane.active ? 1 : 0), 0),
    request(ask, requestOptions) {
      const { identity, ...shown } = ask
      const key = identity === undefined ? null : `${ask.profile}\u0000${identity}`
      if (remembered(key)) return Promise.resolve('approved')
      let lane = lanes.get(ask.profile)
      if (lane === undefined) {
        lane = { profile: ask.profile, active: null, queue: [], waiting: 0 }
        lanes.set(ask.profile, lane)
      }
      if (lane.waiting >= maxWaiting) return Promise.resolve('busy')
      lane.waiting++
      const same = key === null ? undefined : [lane.active, ...lane.queue].find((g) => g !== null && !g.settled && g.key === key)
      if (same) {
        same.members++
        return same.promise
      }
      let resolve: (decision: ApprovalDecision) => void = () => {}
      const promise = new Promise<ApprovalDecision>((r) => (resolve = r))
      const group: Group = { key, ask: shown, members: 1, settled: false, timer: undefined, prompt: undefined, resolve, promise }
      const owner = lane
      group.timer = setTimer(() => settle(owner, group, 'timeout'), requestOptions?.timeoutMs ?? options.defaultTimeoutMs ?? DEFAULT_APPROVAL_TIMEOUT_MS)
      lane.queue.push(group)
      pump(lane)
      return promise
    },
  }
}

/** The daemon's approver: there is nobody to ask, so it denies and logs what to do instead. */
export function headlessApprover(log: (line: string) => void): Approver {
  return {
    headless: true,
    async request(req) {
      const local = req.executable !== undefined ? `${req.executable} (pid ${req.pid}, claims to be ${req.tool})` : req.tool
      const who = req.host !== undefined ? `${req.tool} on ${req.host} (over keyward ssh)` : local
      log(
        `approval needed: ${who} asked for profile ${req.profile} in ${req.directory}; the headless daemon cannot ask anyone, so every request for a guarded profile is refused (run the desktop app instead, or turn the guard off: keyward guard ${req.profile} --off)`,
      )
      return 'unavailable'
    },
  }
}
