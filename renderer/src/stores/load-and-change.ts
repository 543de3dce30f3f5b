import type { WireError } from '../../../shared/errors'
import type { Result } from '../../../shared/result'

/** What a store that loads one value holds beside it. */
interface LoadState {
  loading: boolean
  error: WireError | null
}

/** Loads one value into a store under `key`: `loading` while it runs; on failure the error, with the last value kept. */
export async function loadInto<K extends string, T>(set: (partial: Partial<LoadState & Record<K, T>>) => void, key: K, call: () => Promise<Result<T>>): Promise<void> {
  set({ loading: true } as Partial<LoadState & Record<K, T>>)
  const result = await call()
  set((result.ok ? { [key]: result.value, error: null, loading: false } : { error: result.error, loading: false }) as Partial<LoadState & Record<K, T>>)
}

/** Runs a change, then reloads the store when it succeeded; resolves to the change's error, or null. */
export async function changeThenReload(run: () => Promise<Result<unknown>>, reload: () => Promise<void>): Promise<WireError | null> {
  const result = await run()
  if (!result.ok) return result.error
  await reload()
  return null
}
