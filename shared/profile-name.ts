/**
 * A profile name: letters, digits, `.`, `_`, `-`, 1 to 64 characters (it is also the keychain
 * account). Plain, without zod, for the helper's path; `ProfileName` in keys.schema.ts wraps it.
 */
export const PROFILE_NAME_PATTERN = /^[A-Za-z0-9._-]{1,64}$/

/** True when `value` is a valid profile name. */
export function isProfileName(value: unknown): value is string {
  return typeof value === 'string' && PROFILE_NAME_PATTERN.test(value)
}
