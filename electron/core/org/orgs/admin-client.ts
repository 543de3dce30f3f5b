import Anthropic from '@anthropic-ai/sdk'
import { baseUrlProblem } from '../../../../shared/base-url'
import { KeywardError } from '../../../../shared/errors'

/** The Admin API's production base URL. */
export const DEFAULT_BASE_URL = 'https://api.anthropic.com'

/** How a client for one org is built; timeouts and retries are injectable so fault tests run fast. */
export interface AdminClientOptions {
  readonly apiKey: string
  readonly baseURL: string
  /** Per-request timeout; the SDK's default (10 min) is far too long for a dashboard. */
  readonly timeoutMs?: number
  /** How often the SDK retries 408/409/429/5xx and connection errors before giving up. */
  readonly maxRetries?: number
}

/** A factory for SDK clients, injected so tests can shorten timeouts. */
export type AdminClientFactory = (options: AdminClientOptions) => Anthropic

/** Throws INVALID_INPUT unless `baseURL` may receive an Admin key (https://, or http:// to this machine). */
export function assertSafeBaseURL(baseURL: string, what = 'this org'): void {
  const problem = baseUrlProblem(baseURL)
  if (problem) throw new KeywardError('INVALID_INPUT', `${problem}; Keyward sent nothing to it (${what}); fix it with: keyward orgs add PROFILE --base-url https://…`)
}

/**
 * Builds the official SDK client with the Admin key as `apiKey`, after the last check of the base
 * URL. `authToken: null` stops the SDK from also picking up ANTHROPIC_AUTH_TOKEN from the
 * environment and sending a second credential.
 */
export const createAdminClient: AdminClientFactory = (options) => {
  assertSafeBaseURL(options.baseURL)
  return new Anthropic({
    apiKey: options.apiKey,
    authToken: null,
    baseURL: options.baseURL,
    timeout: options.timeoutMs ?? 30_000,
    maxRetries: options.maxRetries ?? 2,
  })
}
