import { KeywardError } from '../../../shared/keyward-error'
import { PROFILE_NAME_PATTERN } from '../../../shared/profile-name'

/*
 * Every kind of secret Keyward keeps, in one table: the only place that makes a keychain account
 * name. The Keychain interface takes a SecretAccount, which nothing outside this file can make (a
 * test checks that no other file casts to it), so a secret kept under a new kind of account must be
 * added here, and then `keyward vault migrate` moves it and every reader finds it in the vault of
 * the configured backend. zod-free: the no-daemon helper loads it.
 */

declare const secretAccountBrand: unique symbol

/** A keychain account name (service "keyward"), made only by this module. */
export type SecretAccount = string & { readonly [secretAccountBrand]: true }

/** What the accounts of one data directory follow from: its profiles, its alert channels and its config file. */
export interface SecretOwners {
  readonly profiles: readonly string[]
  readonly channels: readonly string[]
  readonly configPath: string
}

/** One kind of secret: what it is, its account for one owner, and every account of it a data directory has. */
export interface SecretKind {
  readonly what: string
  account(owner: string): SecretAccount
  accountsOf(owners: SecretOwners): SecretAccount[]
  /** The owner named by `account`, or null when the account is not of this kind. */
  ownerOf(account: string): string | null
}

function secretKind(what: string, name: (owner: string) => string, owners: (o: SecretOwners) => readonly string[], ownerOf: (account: string) => string | null): SecretKind {
  const account = (owner: string): SecretAccount => name(owner) as SecretAccount
  return { what, account, accountsOf: (o) => owners(o).map(account), ownerOf }
}

const PREVIOUS = '#previous'
const INTEGRITY = 'keyward:integrity:'
const CHANNEL = 'channel:'

/**
 * Every kind of secret Keyward keeps. Profile names cannot contain ":" or "#", so no two kinds'
 * accounts can meet.
 */
export const SECRET_KINDS = {
  /** A profile's API or Admin key, under the profile's name. */
  profileKey: secretKind(
    "a profile's API or Admin key",
    (profile) => profile,
    (o) => o.profiles,
    (a) => (PROFILE_NAME_PATTERN.test(a) ? a : null),
  ),
  /** The key a rotation replaced, kept until the rotation is confirmed or undone. */
  previousKey: secretKind(
    'the key a rotation replaced, kept until it is confirmed',
    (profile) => `${profile}${PREVIOUS}`,
    (o) => o.profiles,
    (a) => (a.endsWith(PREVIOUS) && PROFILE_NAME_PATTERN.test(a.slice(0, -PREVIOUS.length)) ? a.slice(0, -PREVIOUS.length) : null),
  ),
  /**
   * The guard seal's secret, one per data directory (several data directories, KEYWARD_HOME, share
   * one keychain), so it is named by the config file's path.
   */
  guardSecret: secretKind(
    "the guard seal's secret",
    (configPath) => `${INTEGRITY}${configPath}`,
    (o) => [o.configPath],
    (a) => (a.startsWith(INTEGRITY) && a.length > INTEGRITY.length ? a.slice(INTEGRITY.length) : null),
  ),
  /** An alert channel's secrets as one JSON entry: the webhook URL (a Slack URL's path is its token), its signing secret, the SMTP password. */
  channelSecrets: secretKind(
    "an alert channel's URL, signing secret or password",
    (channel) => `${CHANNEL}${channel}`,
    (o) => o.channels,
    (a) => (a.startsWith(CHANNEL) && a.length > CHANNEL.length ? a.slice(CHANNEL.length) : null),
  ),
} as const satisfies Record<string, SecretKind>

export type SecretKindName = keyof typeof SECRET_KINDS

/** The account of profile `profile`'s key. */
export const profileKeyAccount = SECRET_KINDS.profileKey.account
/** The account that keeps profile `profile`'s previous key during a rotation. */
export const previousKeyAccount = SECRET_KINDS.previousKey.account
/** The account of the guard seal's secret for the config file at `configPath`. */
export const guardSecretAccount = SECRET_KINDS.guardSecret.account
/** The account of alert channel `channel`'s secrets. */
export const channelSecretAccount = SECRET_KINDS.channelSecrets.account

/** Every account, of every kind, that a data directory with these owners can hold. */
export function secretAccountsOf(owners: SecretOwners): SecretAccount[] {
  return Object.values(SECRET_KINDS).flatMap((kind) => kind.accountsOf(owners))
}

/** The kind of `account`, or null when it is none of Keyward's. */
export function kindOfAccount(account: string): SecretKindName | null {
  for (const [name, kind] of Object.entries(SECRET_KINDS)) if (kind.ownerOf(account) !== null) return name as SecretKindName
  return null
}

/**
 * An account name that arrived as text (over the key socket, or as a key of vault.age), checked
 * to be one of Keyward's kinds: nothing else is read or written through the vault.
 */
export function knownAccount(text: string): SecretAccount {
  if (kindOfAccount(text) === null)
    throw new KeywardError('INVALID_INPUT', `"${text.slice(0, 80)}" is not the name of a secret Keyward keeps (a profile's key, a previous key, the guard secret or a channel's secrets)`)
  return text as SecretAccount
}

/**
 * The account read to see whether the OS keychain answers (doctor, start-up). It never holds a
 * secret: only ever read, never written, so it is no kind of secret and is never migrated.
 */
export function probeAccount(who: 'doctor' | 'startup'): SecretAccount {
  return `keyward-${who}-probe` as SecretAccount
}
