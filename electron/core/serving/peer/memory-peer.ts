import type { Socket } from 'node:net'
import type { PeerLookup, ProcessFacts } from './peer-identity'

/** An in-memory PeerLookup for tests: `connectedBy` says which pid opened a socket, `processes` what each pid is. */
export function memoryPeerLookup(state: { connectedBy: (socket: Socket) => number | null; processes: Map<number, ProcessFacts> }): PeerLookup {
  return {
    credentials(socket) {
      const pid = state.connectedBy(socket)
      if (pid === null) return null
      return { pid, uid: state.processes.get(pid)?.uid ?? null }
    },
    process: (pid) => state.processes.get(pid) ?? null,
  }
}
