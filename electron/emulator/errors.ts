/**
 * The Admin API's error wire format: `{"type":"error","error":{"type","message"[,"details"]},"request_id"}`
 * with the HTTP status that matches the error type, as the SDK's `APIError.generate` expects.
 */

/** Error types the emulator emits, and their HTTP status. */
export const ERROR_STATUS = {
  invalid_request_error: 400,
  authentication_error: 401,
  permission_error: 403,
  not_found_error: 404,
  conflict_error: 409,
  rate_limit_error: 429,
  api_error: 500,
  overloaded_error: 529,
} as const

/** One of the error types above. */
export type EmulatorErrorType = keyof typeof ERROR_STATUS

/** An error a handler throws to answer with an API error body; `message` must never hold a secret. */
export class EmulatorError extends Error {
  readonly status: number
  constructor(
    readonly type: EmulatorErrorType,
    message: string,
    readonly details?: { error_code: string },
    status?: number,
  ) {
    super(message)
    this.name = 'EmulatorError'
    this.status = status ?? ERROR_STATUS[type]
  }
}

/** 400 invalid_request_error. */
export const badRequest = (message: string): EmulatorError => new EmulatorError('invalid_request_error', message)
/** 404 not_found_error naming the kind of object and its id. */
export const notFound = (kind: string, id: string): EmulatorError => new EmulatorError('not_found_error', `${kind} ${JSON.stringify(id.slice(0, 80))} was not found.`)

/** The JSON body of an error response. */
export function errorBody(error: EmulatorError, requestId: string): string {
  return JSON.stringify({
    type: 'error',
    error: { type: error.type, message: error.message, ...(error.details ? { details: error.details } : {}) },
    request_id: requestId,
  })
}
