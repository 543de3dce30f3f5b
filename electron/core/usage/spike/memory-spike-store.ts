import { type SpikeFile, type SpikeStore, emptySpikeFile } from './spike-store'

/** The in-memory twin of the spike store, for tests. */
export function memorySpikeStore(initial: SpikeFile = emptySpikeFile()): SpikeStore & { current(): SpikeFile } {
  let file = structuredClone(initial)
  return {
    read: async () => structuredClone(file),
    update: async (change) => {
      file = change(structuredClone(file))
      return structuredClone(file)
    },
    current: () => file,
  }
}
