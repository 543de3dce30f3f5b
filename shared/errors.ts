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

export { KeywardError, isKeywardError } from './keyward-error'
