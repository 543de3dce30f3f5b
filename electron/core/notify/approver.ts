import { randomUUID } from 'node:crypto'

/** A helper (or exec/env) call that wants a key from a profile marked "requires approval". */
export interface ApprovalRequest {
  readonly id: string
  readonly profile: string
  readonly directory: string
  /** The requesting tool as reported by the caller ("claude", "keyward exec", …); shown, never trusted. */
  readonly tool: string
  /** The caller's executable, from the socket's peer credentials where the OS gives them; shown beside the claim. */
  readonly executable?: string
  /** The caller's process id, from the socket's peer credentials. */
  readonly pid?: number
}

/** How a request ended. `timeout` and `unavailable` are denials the caller can explain. */
export type ApprovalDecision = 'approved' | 'denied' | 'timeout' | 'unavailable'

/**
 * What the key service awaits before serving a profile that requires approval. It resolves
 * (never rejects) within `timeoutMs`; anything but `approved` means "do not serve".
 */
export interface Approver {
  request(request: Omit<ApprovalRequest, 'id'>, options?: { timeoutMs?: number }): Promise<ApprovalDecision>
}

/** How long a helper waits for a person by default: Claude Code waits on apiKeyHelper, so keep it short. */
export const DEFAULT_APPROVAL_TIMEOUT_MS = 60_000

/** Shows a request to a person (a notification with buttons, a dialog) and reports the answer through `respond`. */
export type PresentApproval = (request: ApprovalRequest, respond: (decision: 'approved' | 'denied') => void) => { dismiss(): void } | void

/** Options for the broker that turns a UI into an Approver. */
export interface ApprovalBrokerOptions {
  readonly present: PresentApproval
  readonly defaultTimeoutMs?: number
  /** How long an approval of (profile, directory) lasts, so repeated helper calls do not ask again. 0 = ask every time. */
  readonly rememberMs?: number
  readonly now?: () => number
  readonly setTimer?: (fn: () => void, ms: number) => unknown
  readonly clearTimer?: (handle: unknown) => void
}

/**
 * An Approver over any UI: concurrent requests for the same profile and directory share one
 * prompt; each resolves exactly once (first answer, or timeout, which dismisses the prompt);
 * approvals are remembered for `rememberMs`.
 */
export function createApprovalBroker(options: ApprovalBrokerOptions): Approver & { pending(): number } {
  const now = options.now ?? Date.now
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms))
  const clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>))
  const inFlight = new Map<string, Promise<ApprovalDecision>>()
  const approvedUntil = new Map<string, number>()
  return {
    pending: () => inFlight.size,
    request(req, requestOptions) {
      const key = `${req.profile}\u0000${req.directory}`
      const until = approvedUntil.get(key)
      if (until !== undefined && until > now()) return Promise.resolve('approved')
      const existing = inFlight.get(key)
      if (existing) return existing
      const timeoutMs = requestOptions?.timeoutMs ?? options.defaultTimeoutMs ?? DEFAULT_APPROVAL_TIMEOUT_MS
      let settled = false
      const promise = new Promise<ApprovalDecision>((resolve) => {
        let prompt: { dismiss(): void } | void = undefined
        const finish = (decision: ApprovalDecision) => {
          if (settled) return
          settled = true
          clearTimer(timer)
          inFlight.delete(key)
          if (decision === 'approved' && (options.rememberMs ?? 0) > 0) approvedUntil.set(key, now() + options.rememberMs!)
          if (decision === 'timeout') prompt?.dismiss()
          resolve(decision)
        }
        const timer = setTimer(() => finish('timeout'), timeoutMs)
        try {
          prompt = options.present({ ...req, id: randomUUID() }, (d) => finish(d))
        } catch {
          finish('unavailable')
        }
      })
      // A prompt that answered synchronously has already settled; do not keep it in flight.
      if (!settled) inFlight.set(key, promise)
      return promise
    },
  }
}

/** The daemon's approver: there is nobody to ask, so it denies and logs what to do instead. */
export function headlessApprover(log: (line: string) => void): Approver {
  return {
    async request(req) {
      log(`approval needed: ${req.tool} asked for profile ${req.profile} in ${req.directory}; the headless daemon cannot ask anyone, so it was denied (run the desktop app, or turn off "requires approval" for this profile)`)
      return 'unavailable'
    },
  }
}
