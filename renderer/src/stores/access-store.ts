import { create } from 'zustand'
import type { TokenProblem } from '../transport/http-transport'

/** Whether the page has the daemon's access token; the HTTP transport reports a problem here once. */
export const useAccessStore = create<{ problem: TokenProblem | null; report(problem: TokenProblem): void }>((set, get) => ({
  problem: null,
  report: (problem) => {
    if (get().problem === null) set({ problem })
  },
}))
