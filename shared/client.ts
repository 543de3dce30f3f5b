import type { InputOf, OutputOf, ProcedureName } from './contract'
import type { Result } from './result'

/** Sends one call over some transport (IPC, HTTP) and returns the wire result unchanged. */
export type Transport = (name: ProcedureName, input: unknown) => Promise<Result<unknown>>

/** A typed caller of the contract; each transport is wrapped in one of these. */
export interface KeywardClient {
  call<N extends ProcedureName>(name: N, input: InputOf<N>): Promise<Result<OutputOf<N>>>
}

/** Wraps a transport in the typed client. */
export function createClient(transport: Transport): KeywardClient {
  return {
    call: (name, input) => transport(name, input) as never,
  }
}

/** What the preload exposes as `window.keyward`: one function per procedure name. */
export type KeywardBridge = { readonly [N in ProcedureName]: (input: InputOf<N>) => Promise<Result<OutputOf<N>>> }
