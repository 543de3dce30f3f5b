import type { ErrorCode } from '../../shared/errors'

/** Exit codes every command uses; `keyward --help` prints this table. */
export const EXIT = {
  OK: 0,
  FAILED: 1,
  USAGE: 2,
  NOT_FOUND: 3,
  KEYCHAIN: 4,
  API: 5,
  UNAVAILABLE: 6,
} as const

/** The help text's table of exit codes. */
export const EXIT_CODES_HELP = `Exit codes:
  0  success
  1  the command failed (the message says why)
  2  wrong usage (unknown command, flag or argument)
  3  not found: no such profile, or no key bound to the directory
  4  the OS keychain is unavailable or locked
  5  the Anthropic Admin API refused or failed
  6  the app or daemon could not be reached or started`

/** Maps a core error code to the exit code a script can branch on. */
export function exitCodeFor(code: ErrorCode): number {
  switch (code) {
    case 'INVALID_INPUT':
      return EXIT.USAGE
    case 'NOT_FOUND':
    case 'NOT_BOUND':
      return EXIT.NOT_FOUND
    case 'KEYCHAIN_UNAVAILABLE':
      return EXIT.KEYCHAIN
    case 'API_UNAUTHORIZED':
    case 'API_FORBIDDEN':
    case 'API_NOT_FOUND':
    case 'API_CONFLICT':
    case 'API_UNSUPPORTED':
    case 'RATE_LIMITED':
    case 'NETWORK':
      return EXIT.API
    case 'UNAVAILABLE':
    case 'TIMEOUT':
      return EXIT.UNAVAILABLE
    default:
      return EXIT.FAILED
  }
}
