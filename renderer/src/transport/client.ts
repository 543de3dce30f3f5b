import { type KeywardBridge, type KeywardClient, type Transport, createClient } from '../../../shared/client'
import { useAccessStore } from '../stores/access-store'
import { httpTransport, takeTokenFromLocation } from './http-transport'

declare global {
  interface Window {
    /** Present inside Electron: the preload's bridge onto the core. */
    readonly keyward?: KeywardBridge
  }
}

/** Uses the preload's bridge inside Electron, else the daemon's HTTP endpoint. */
function pickTransport(): Transport {
  const bridge = window.keyward
  if (bridge) {
    return (name, input) => (bridge[name] as (input: unknown) => ReturnType<Transport>)(input)
  }
  const token = takeTokenFromLocation(window.location, window.history, window.sessionStorage)
  if (!token) useAccessStore.getState().report('missing')
  return httpTransport(token, fetch, (problem) => useAccessStore.getState().report(problem))
}

/** The renderer's one client of the contract; stores call it, components never do. */
export const client: KeywardClient = createClient(pickTransport())
