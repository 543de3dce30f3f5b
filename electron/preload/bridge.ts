import type { ProcedureName } from '../../shared/contract'
import type { KeywardBridge } from '../../shared/client'

/**
 * Builds `window.keyward` from the contract's names: one function per procedure and nothing
 * else, so the renderer can reach neither `ipcRenderer` nor a channel the contract lacks.
 */
export function buildBridge(names: readonly ProcedureName[], invoke: (name: ProcedureName, input: unknown) => Promise<unknown>): KeywardBridge {
  const bridge: Record<string, (input: unknown) => Promise<unknown>> = {}
  for (const name of names) bridge[name] = (input: unknown) => invoke(name, input ?? {})
  return Object.freeze(bridge) as unknown as KeywardBridge
}
