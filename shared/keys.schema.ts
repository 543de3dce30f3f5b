import { z } from 'zod'
import { HINT_HEAD } from './key-hints'
import { KEY_BODY, KEY_BODY_MAX, KEY_BODY_MIN, KEY_PREFIX } from './key-format'
import { PROFILE_NAME_PATTERN } from './profile-name'

/** What a profile holds: an API key (`sk-ant-api03-…`) or an Admin key (`sk-ant-admin01-…`). */
export const KeyKind = z.enum(['api', 'admin'])
export type KeyKind = z.infer<typeof KeyKind>

/** The prefix each kind of key starts with (declared in key-format.ts, zod-free). */
export { KEY_PREFIX }

/** What each kind is called in messages. */
const KIND_LABEL: Readonly<Record<KeyKind, string>> = { api: 'an API key', admin: 'an Admin key' }

/** A profile name: letters, digits, `.`, `_`, `-`, 1 to 64 characters (it is also the keychain account). */
export const ProfileName = z.string().regex(PROFILE_NAME_PATTERN, 'a profile name is 1 to 64 letters, digits, ".", "_" or "-"')
export type ProfileName = z.infer<typeof ProfileName>

/** Only the prefix of what was pasted, for messages: `sk-ant-<word>-` at most, never the body. */
function describePrefix(value: string): string {
  const prefix = /^sk-ant-[a-z0-9]{1,12}-/.exec(value)
  if (prefix) return `it starts with ${prefix[0]}`
  return value.startsWith('sk-') ? 'it starts with sk- but not with sk-ant-' : 'it does not start with sk-ant-'
}

/** The outcome of checking a pasted key: the trimmed key, or a message that never contains it. */
export type KeyCheck = { ok: true; key: string } | { ok: false; message: string }

/**
 * Checks that `raw` (whitespace and newlines around it are trimmed) is a key of `kind`. The message
 * on failure says which kind was expected and what was seen, naming at most the prefix.
 */
export function checkKey(kind: KeyKind, raw: string): KeyCheck {
  const key = raw.trim()
  const prefix = KEY_PREFIX[kind]
  const expected = `expected ${KIND_LABEL[kind]} (${prefix}…)`
  if (key === '') return { ok: false, message: `${expected}, but the key is empty` }
  if (!key.startsWith(prefix)) {
    const other: KeyKind = kind === 'api' ? 'admin' : 'api'
    const hint = key.startsWith(KEY_PREFIX[other])
      ? kind === 'api'
        ? `; that is ${KIND_LABEL[other]}: add it as an Admin key (keyward add NAME --admin)`
        : `; that is ${KIND_LABEL[other]}: add it without --admin`
      : ''
    return { ok: false, message: `${expected}, but ${describePrefix(key)}${hint}` }
  }
  const body = key.slice(prefix.length)
  if (!KEY_BODY.test(body)) {
    return { ok: false, message: `${expected}, but after ${prefix} it contains characters other than letters, digits, "_" and "-" (a space or line break inside the paste?)` }
  }
  if (body.length < KEY_BODY_MIN || body.length > KEY_BODY_MAX) {
    return { ok: false, message: `${expected}, but the part after ${prefix} is ${body.length} characters long; a real key has ${KEY_BODY_MIN} to ${KEY_BODY_MAX} (was the paste cut off?)` }
  }
  return { ok: true, key }
}

/** The zod schema of a key of `kind`: trims, then checks with `checkKey` (messages never contain the key). */
export function keySchema(kind: KeyKind) {
  return z.string().transform((raw, ctx) => {
    const checked = checkKey(kind, raw)
    if (checked.ok) return checked.key
    ctx.addIssue({ code: 'custom', message: checked.message })
    return z.NEVER
  })
}

/**
 * The masked hint shown everywhere instead of a key: its first 15 characters, an ellipsis and
 * its last 4 (`sk-ant-api03-R2…igAA`). The Admin API's longer `partial_key_hint` is cut to the
 * same form where it enters the core (maskApiHint in key-hints.ts).
 */
export function maskKey(key: string): string {
  return `${key.slice(0, HINT_HEAD)}…${key.slice(-4)}`
}
