import { z } from 'zod'

/** The closed set of error codes that cross every boundary (IPC, HTTP, socket, CLI). */
export const ErrorCode = z.enum([
  'INVALID_INPUT',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'CONFLICT',
  'NOT_BOUND',
  'NOT_ALLOWED',
  'KEYCHAIN_UNAVAILABLE',
  'CONFIG_CORRUPT',
  'API_UNAUTHORIZED',
  'API_FORBIDDEN',
  'API_NOT_FOUND',
  'API_CONFLICT',
  'API_UNSUPPORTED',
  'RATE_LIMITED',
  'NETWORK',
  'TIMEOUT',
  'UNAVAILABLE',
  'INTERNAL',
])
export type ErrorCode = z.infer<typeof ErrorCode>

/** An error as it travels: a code from the closed set and a message a person can act on. */
export const WireError = z.object({ code: ErrorCode, message: z.string() })
export type WireError = z.infer<typeof WireError>

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
