import type { ErrorCode, WireError } from './errors'

/*
 * KeywardError without zod: `shared/errors.ts` re-exports it beside the zod enum of codes. Modules on
 * the no-daemon `keyward helper` path (key service, bindings, keychain, audit log) import it from
 * here, because evaluating zod costs that process more than everything else it does.
 */

/**
 * An error with a code, thrown inside the core and serialised on purpose at every boundary.
 * The message must never contain a secret: it is shown to people and written to logs.
 */
export class KeywardError extends Error {
  readonly code: ErrorCode

  constructor(code: ErrorCode, message: string) {
    super(message)
    this.name = 'KeywardError'
    this.code = code
  }

  /** The wire form, because transports (Electron's IPC among them) pass only what is serialised. */
  toWire(): WireError {
    return { code: this.code, message: this.message }
  }
}

/** True for a KeywardError, also one that crossed a realm (vitest workers, vm contexts). */
export function isKeywardError(error: unknown): error is KeywardError {
  return error instanceof KeywardError || (error instanceof Error && error.name === 'KeywardError' && 'code' in error)
}
