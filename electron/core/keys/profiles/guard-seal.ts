/*
 * The guard's integrity seal. zod-free and without top-level node:crypto: the no-daemon helper checks
 * it on every key it serves. Profiles-service writes it; key-service checks it.
 */

/**
 * What the seal covers in config.json: the profiles that require approval, the profiles that
 * hold an Admin key (flipping `kind` to "api" by hand would otherwise hand an Admin key to tools),
 * and the profiles forwarded to `keyward ssh` sessions (a hand-set `forwardable` would otherwise
 * hand a key to a remote machine). `forwarded` is left out of the canonical form when empty, so a
 * seal made before forwarding existed still verifies.
 * Bindings, project allowances and the default are not covered: they only choose which unguarded API
 * key a directory gets, which `keyward helper --profile NAME` can ask for anyway.
 */
export interface SealedFacts {
  readonly guarded: readonly string[]
  readonly admin: readonly string[]
  readonly forwarded?: readonly string[]
}

/** What sealedFacts reads of a profile. */
type SealedProfile = { name: string; kind: string; requiresApproval?: boolean | undefined; forwardable?: boolean | undefined }

/** The `guardSeal` object in config.json: the sealed facts in clear, and their HMAC-SHA256 under the keychain secret. */
export interface GuardSeal extends SealedFacts {
  readonly v: 1
  readonly mac: string
}

/** The sealed facts of a profile list, sorted (the canonical order the MAC is computed over). */
export function sealedFacts(profiles: readonly SealedProfile[]): SealedFacts {
  return {
    guarded: profiles
      .filter((p) => p.requiresApproval === true)
      .map((p) => p.name)
      .sort(),
    admin: profiles
      .filter((p) => p.kind === 'admin')
      .map((p) => p.name)
      .sort(),
    forwarded: profiles
      .filter((p) => p.forwardable === true)
      .map((p) => p.name)
      .sort(),
  }
}

/** True when two fact sets are the same. */
export function sameFacts(a: SealedFacts, b: SealedFacts): boolean {
  return canonical(a) === canonical(b)
}

function sortedFacts(facts: SealedFacts): SealedFacts {
  const forwarded = [...(facts.forwarded ?? [])].sort()
  return { guarded: [...facts.guarded].sort(), admin: [...facts.admin].sort(), ...(forwarded.length > 0 && { forwarded }) }
}

function canonical(facts: SealedFacts): string {
  return JSON.stringify({ v: 1, ...sortedFacts(facts) })
}

/** node:crypto, imported on first use (the helper's and the status line's paths never load it) and kept: the daemon checks a seal on every request. */
let cryptoModule: Promise<typeof import('node:crypto')> | null = null
const loadCrypto = (): Promise<typeof import('node:crypto')> => (cryptoModule ??= import('node:crypto'))

async function mac(facts: SealedFacts, secret: string): Promise<string> {
  const { createHmac } = await loadCrypto()
  return createHmac('sha256', secret).update(canonical(facts)).digest('hex')
}

/**
 * The last seal that verified: its canonical facts, its MAC and the secret it verified under. The
 * same three verify the same way, so the check on every socket request does not recompute the HMAC
 * while nothing changed; any other seal, MAC or secret is verified in full.
 */
let lastVerified: { readonly facts: string; readonly mac: string; readonly secret: string } | null = null

/** A seal of `facts` under `secret`. */
export async function makeSeal(facts: SealedFacts, secret: string): Promise<GuardSeal> {
  const sorted = sortedFacts(facts)
  return { v: 1, ...sorted, mac: await mac(sorted, secret) }
}

/** A fresh random secret for the keychain (a new one at every seal, so an older seal copied back does not verify). */
export async function newGuardSecret(): Promise<string> {
  const { randomBytes } = await loadCrypto()
  return randomBytes(32).toString('base64url')
}

/**
 * What the seal says about the config. `unsealed`: no secret and no seal (Keyward never sealed this
 * config: a fresh install, or one whose guard was last changed by a version without seals); it is
 * served as the file says. `sealed`: verified. `broken`: the seal does not verify; `refuse` names
 * the profiles that must not be served: every profile when the seal itself is missing, malformed or
 * forged (which facts are true is then unknown), else those whose guard or kind differs from the seal.
 */
export type SealState = { readonly state: 'unsealed' } | { readonly state: 'sealed' } | { readonly state: 'broken'; readonly refuse: 'all' | readonly string[]; readonly why: string }

/** Checks the config's `guardSeal` against the keychain secret (null: none stored). */
export async function checkSeal(profiles: readonly SealedProfile[], seal: unknown, secret: string | null): Promise<SealState> {
  if (secret === null && seal === undefined) return { state: 'unsealed' }
  if (secret === null)
    return {
      state: 'broken',
      refuse: 'all',
      why: 'config.json has a guard seal but the keychain holds no secret for it (its keychain entry keyward:integrity:… was deleted, or the data directory was moved)',
    }
  const parsed = parseSeal(seal)
  if (parsed === null) return { state: 'broken', refuse: 'all', why: seal === undefined ? 'the guard seal was removed from config.json' : 'the guard seal in config.json is malformed' }
  const facts = canonical(parsed)
  if (lastVerified === null || lastVerified.facts !== facts || lastVerified.mac !== parsed.mac || lastVerified.secret !== secret) {
    const expected = Buffer.from(await mac(parsed, secret), 'hex')
    const given = Buffer.from(parsed.mac, 'hex')
    const { timingSafeEqual } = await loadCrypto()
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return { state: 'broken', refuse: 'all', why: 'the guard seal in config.json does not verify (it was edited or copied from elsewhere)' }
    }
    lastVerified = { facts, mac: parsed.mac, secret }
  }
  const now = sealedFacts(profiles)
  const was = sortedFacts(parsed)
  const lists = (f: SealedFacts) => [f.guarded, f.admin, f.forwarded ?? []]
  const differs = (name: string) => lists(was).some((list, i) => list.includes(name) !== lists(now)[i]!.includes(name))
  const changed = [...new Set([...lists(was), ...lists(now)].flat())].filter(differs).sort()
  if (changed.length === 0) return { state: 'sealed' }
  return { state: 'broken', refuse: changed, why: `requiresApproval, kind or forwardable of ${changed.join(', ')} was changed in config.json outside Keyward` }
}

/** True when the seal state forbids serving `name`. */
export function sealRefuses(state: SealState, name: string): boolean {
  return state.state === 'broken' && (state.refuse === 'all' || state.refuse.includes(name))
}

/** The one way out, for every message about a broken seal. */
export const RESEAL_ADVICE =
  'check the profiles with keyward list (is each guarded profile still guarded, each forwarded one meant to be?), fix them with keyward guard NAME [--off] or keyward forward NAME [--off], then run: keyward guard --reseal --yes'

function parseSeal(value: unknown): GuardSeal | null {
  if (typeof value !== 'object' || value === null) return null
  const seal = value as Record<string, unknown>
  const names = (list: unknown) => Array.isArray(list) && list.every((n) => typeof n === 'string')
  if (seal.v !== 1 || !names(seal.guarded) || !names(seal.admin) || (seal.forwarded !== undefined && !names(seal.forwarded)) || typeof seal.mac !== 'string' || !/^[0-9a-f]{64}$/.test(seal.mac))
    return null
  return { v: 1, guarded: seal.guarded as string[], admin: seal.admin as string[], ...(seal.forwarded !== undefined && { forwarded: seal.forwarded as string[] }), mac: seal.mac }
}
