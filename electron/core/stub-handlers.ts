import { KeywardError } from '../../shared/errors'
import { procedureNames } from '../../shared/contract'
import type { Handlers } from './router'

/**
 * A full set of handlers for tests of transports and the router: `overrides` as given, every other
 * procedure failing with INTERNAL. Tests then keep compiling as domains add procedures.
 */
export function stubHandlers(overrides: Partial<Handlers> = {}): Handlers {
  const all: Record<string, unknown> = {}
  for (const name of procedureNames) {
    all[name] = () => {
      throw new KeywardError('INTERNAL', `${name} is not stubbed in this test`)
    }
  }
  return { ...all, ...overrides } as Handlers
}
