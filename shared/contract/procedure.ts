import type { z } from 'zod'

/**
 * The transports a procedure can be called over:
 * - `ipc`: the desktop app's own dashboard window (Electron IPC, a trusted sender frame);
 * - `http`: the dashboard `keyward daemon --ui` serves on 127.0.0.1 (`POST /rpc`), which anyone
 *   holding its URL and token can call: the token is a bearer secret that can leak (shell history,
 *   a browser's history, a screenshot, a shared log);
 * - `cli`: the keyward command, run by a person in a terminal or a script of the user.
 */
export type Transport = 'ipc' | 'http' | 'cli'

/** Every transport, in the order the policy tables list them. */
export const TRANSPORTS: readonly Transport[] = ['ipc', 'http', 'cli']

/**
 * Which transports may call a procedure. Declared beside every procedure, with no default, so a
 * new one cannot forget it; a procedure that leaves a transport out says why and what to do instead.
 */
export type TransportPolicy =
  | { readonly transports: typeof ANY_TRANSPORT }
  | {
      readonly transports: typeof NOT_OVER_HTTP
      /** Shown when the dashboard over HTTP calls it: what it would do, why that is refused, what to do instead. */
      readonly httpRefusal: string
    }

/** Callable over every transport: nothing it does can send a secret to a destination the caller chooses. */
export const ANY_TRANSPORT = ['ipc', 'http', 'cli'] as const

/**
 * The desktop app and the terminal only: the procedure could send a secret somewhere the caller
 * names, or hand a key out, so a leaked dashboard URL must not reach it.
 */
export const NOT_OVER_HTTP = ['ipc', 'cli'] as const

/** One procedure of the contract: what it takes, what it gives back (both checked at runtime) and who may call it. */
export interface Procedure<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly input: I
  readonly output: O
  readonly policy: TransportPolicy
}

/** Declares a procedure; the name is the key it is stored under (`domain.verbNoun`). */
export function procedure<I extends z.ZodType, O extends z.ZodType>(input: I, output: O, policy: TransportPolicy): Procedure<I, O> {
  return { input, output, policy }
}

/** Every transport: `procedure(input, output, everywhere)`. */
export const everywhere: TransportPolicy = { transports: ANY_TRANSPORT }

/** The desktop app and the terminal only, with the sentence the dashboard shows instead. */
export function notOverHttp(httpRefusal: string): TransportPolicy {
  return { transports: NOT_OVER_HTTP, httpRefusal }
}

/** True when the policy lets `transport` call the procedure. */
export function allowsTransport(policy: TransportPolicy, transport: Transport): boolean {
  return (policy.transports as readonly Transport[]).includes(transport)
}
