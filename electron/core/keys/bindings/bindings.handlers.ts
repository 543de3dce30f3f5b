import type { Handlers } from '../../router'
import type { BindingsService } from './bindings-service'
import { whichSummary } from './resolve'

/** Handlers for `bindings.*`. */
export function bindingHandlers(bindings: BindingsService): Pick<Handlers, 'bindings.list' | 'bindings.set' | 'bindings.remove' | 'bindings.which'> {
  return {
    'bindings.list': () => bindings.list(),
    'bindings.set': (input) => bindings.set(input.directory, input.profile),
    'bindings.remove': (input) => bindings.remove(input.directory),
    'bindings.which': async (input) => whichSummary(await bindings.which(input.directory)),
  }
}
