/*
 * What a key looks like, declared once and zod-free: the vault's paste check (keys.schema.ts) and
 * every path that prints or exports a key (the helper, `keyward exec`, `keyward env`) use it.
 */

/** The kinds of key a profile holds. */
export type KeyKindName = 'api' | 'admin'

/** The prefix each kind of key starts with. */
export const KEY_PREFIX: Readonly<Record<KeyKindName, string>> = { api: 'sk-ant-api03-', admin: 'sk-ant-admin01-' }

/**
 * The part after the prefix. Real keys carry 95 characters; we accept 40 to 256 of the URL-safe
 * alphabet so that test and demo keys pass while a truncated paste or a stray word does not.
 */
export const KEY_BODY = /^[A-Za-z0-9_-]+$/
export const KEY_BODY_MIN = 40
export const KEY_BODY_MAX = 256

/** One line of a known prefix and the key alphabet: the only thing ever printed or exported as a key. */
const KEY_SHAPE = new RegExp(`^(?:${Object.values(KEY_PREFIX).join('|')})[A-Za-z0-9_-]{${KEY_BODY_MIN},${KEY_BODY_MAX}}$`)

/** True when `value` has the shape of a key (no newline, no spaces, nothing a shell would act on). */
export function isKeyShaped(value: unknown): value is string {
  return typeof value === 'string' && KEY_SHAPE.test(value)
}

/** The error for a keychain entry that is not a key; it never repeats the entry. */
export function notAKeyMessage(profile: string): string {
  return `profile ${profile.slice(0, 64)}: the keychain entry is not an API key (it was not printed); run: keyward add ${profile.slice(0, 64)} to replace it`
}
