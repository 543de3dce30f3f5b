import type { Handlers } from '../router'

/** Handlers for `profiles.*`. */
export function profileHandlers(): Pick<Handlers, 'profiles.list'> {
  return {
    'profiles.list': () => [],
  }
}
