import type { ProfileSummary } from '../../../../shared/contract/profiles.contract'
import { KeywardError } from '../../../../shared/errors'
import { type KeyKind, ProfileName, checkKey, maskKey } from '../../../../shared/keys.schema'
import type { AuditLog } from '../../platform/audit/audit-log'
import type { Config, ProfileMeta } from '../../platform/config/config.schema'
import type { ConfigStore } from '../../platform/config/config-store'
import type { Keychain } from '../../vault/keychain'
import type { Clipboard } from './clipboard'
import { guardSecretAccount, profileKeyAccount } from '../../vault/secret-accounts'
import { type SealState, checkSeal, makeSeal, newGuardSecret, sameFacts, sealedFacts } from './guard-seal'

/** What `remove` did besides deleting the profile, so callers can say so. */
export interface RemovedProfile {
  readonly name: string
  readonly removedBindings: string[]
  readonly clearedDefault: boolean
}

/** Named keys: the secret in the keychain, the metadata in the config, never one without the other. */
export interface ProfilesService {
  /** Every profile's metadata and hint, sorted by name. */
  list(): Promise<ProfileSummary[]>
  /** Stores a new key; ALREADY_EXISTS for a taken name, INVALID_INPUT for a malformed key or name. */
  add(input: { name: string; kind: KeyKind; key: string; tags?: string[]; requiresApproval?: boolean }): Promise<ProfileSummary>
  /** Deletes a profile; CONFLICT while bound or default unless `force`, which also removes those. */
  remove(name: string, options?: { force?: boolean }): Promise<RemovedProfile>
  /** Renames a profile, moving its keychain entry and every binding, allow record and the default. */
  rename(from: string, to: string): Promise<ProfileSummary>
  /** Makes an API-key profile the default for unbound directories; null clears it. */
  setDefault(name: string | null): Promise<string | null>
  /** Marks a profile as needing a person's approval (in the app) before it is served to a tool, or not. */
  setApproval(name: string, required: boolean): Promise<ProfileSummary>
  /** Marks an API-key profile as forwardable over `keyward ssh` (served to remote machines), or not. */
  setForwardable(name: string, forwardable: boolean): Promise<ProfileSummary>
  /** Whether config.json's guard settings are as Keyward last wrote them (see guard-seal.ts). */
  guardState(): Promise<SealState>
  /**
   * Seals the guard settings as config.json holds them now, after a person checked them (`keyward
   * guard --reseal --yes`): the way out after they were changed outside Keyward.
   */
  reseal(): Promise<SealState>
  /** Puts a profile's key on `clipboard`; the key never leaves the core otherwise. */
  copyKey(name: string, clipboard: Clipboard): Promise<void>
}

/** What the profiles service is built from. */
export interface ProfilesDeps {
  readonly config: ConfigStore
  readonly keychain: Keychain
  readonly audit: AuditLog
  readonly now?: () => Date
}

/** The outside view of a profile. */
export function summarize(meta: ProfileMeta, config: Config): ProfileSummary {
  return {
    name: meta.name,
    kind: meta.kind,
    hint: meta.hint,
    tags: meta.tags,
    createdAt: meta.createdAt,
    rotatedAt: meta.rotatedAt,
    isDefault: config.defaultProfile === meta.name,
    requiresApproval: meta.requiresApproval ?? false,
    forwardable: meta.forwardable ?? false,
  }
}

/** Validates a profile name, or INVALID_INPUT saying what a name may hold. */
export function checkName(name: string): string {
  if (!ProfileName.safeParse(name).success) {
    throw new KeywardError('INVALID_INPUT', `"${name.slice(0, 70)}" is not a valid profile name: use 1 to 64 letters, digits, ".", "_" or "-"`)
  }
  return name
}

/** The profile called `name`, or NOT_FOUND with the command that lists them. */
export function findProfile(config: Config, name: string): ProfileMeta {
  const meta = config.profiles.find((p) => p.name === name)
  if (!meta) throw new KeywardError('NOT_FOUND', `there is no profile "${name}"; run: keyward list`)
  return meta
}

/**
 * Builds the profiles service. Every change runs under the config lock and writes the keychain
 * first; when the config write then fails, the keychain change is undone, so a profile never
 * exists half (a secret without metadata, or metadata without a secret).
 */
export function createProfilesService(deps: ProfilesDeps): ProfilesService {
  const now = deps.now ?? (() => new Date())
  const { config, keychain, audit } = deps
  const secretAccount = guardSecretAccount(config.path)

  /** Seals `next` under a fresh keychain secret (a new one each time, so an older seal copied back into config.json does not verify). */
  async function seal(next: Config, onUndo: (undo: () => Promise<unknown>) => void): Promise<Config> {
    const old = await keychain.get(secretAccount)
    const secret = await newGuardSecret()
    await keychain.set(secretAccount, secret)
    onUndo(() => (old === null ? keychain.delete(secretAccount) : keychain.set(secretAccount, old)))
    return { ...next, guardSeal: await makeSeal(sealedFacts(next.profiles), secret) }
  }

  /**
   * Every change that alters the sealed facts (who is guarded, who holds an Admin key) re-seals them.
   * A seal that is already broken stays broken: re-sealing would bless whatever was edited by hand,
   * so only `reseal()`, after a person checked, does that.
   */
  async function resealed(current: Config, next: Config, onUndo: (undo: () => Promise<unknown>) => void): Promise<Config> {
    if (sameFacts(sealedFacts(current.profiles), sealedFacts(next.profiles))) return next
    const state = await checkSeal(current.profiles, current.guardSeal, await keychain.get(secretAccount))
    return state.state === 'broken' ? next : seal(next, onUndo)
  }

  /** Runs a config update whose `change` touched the keychain; `undo` reverts that if the write fails. The guard seal follows the change. */
  async function updateWithUndo(change: (current: Config, onUndo: (undo: () => Promise<unknown>) => void) => Promise<Config>): Promise<Config> {
    const undos: (() => Promise<unknown>)[] = []
    const onUndo = (undo: () => Promise<unknown>) => undos.push(undo)
    try {
      return await config.update(async (current) => resealed(current, await change(current, onUndo), onUndo))
    } catch (error) {
      for (const undo of undos.reverse()) await undo().catch(() => {})
      throw error
    }
  }

  return {
    async list() {
      const current = await config.read()
      return [...current.profiles].sort((a, b) => a.name.localeCompare(b.name)).map((p) => summarize(p, current))
    },

    async add(input) {
      const name = checkName(input.name)
      const checked = checkKey(input.kind, input.key)
      if (!checked.ok) throw new KeywardError('INVALID_INPUT', checked.message)
      const meta: ProfileMeta = {
        name,
        kind: input.kind,
        hint: maskKey(checked.key),
        tags: input.tags ?? [],
        createdAt: now().toISOString(),
        rotatedAt: null,
        requiresApproval: input.requiresApproval ?? false,
      }
      const next = await updateWithUndo(async (current, onUndo) => {
        if (current.profiles.some((p) => p.name === name)) {
          throw new KeywardError('ALREADY_EXISTS', `a profile named "${name}" already exists; pick another name, or run: keyward remove ${name}`)
        }
        await keychain.set(profileKeyAccount(name), checked.key)
        onUndo(() => keychain.delete(profileKeyAccount(name)))
        return { ...current, profiles: [...current.profiles, meta] }
      })
      await audit.append({ event: 'profile.added', profile: name, detail: meta.kind })
      return summarize(meta, next)
    },

    async remove(name, options = {}) {
      let result: RemovedProfile = { name, removedBindings: [], clearedDefault: false }
      await updateWithUndo(async (current, onUndo) => {
        findProfile(current, name)
        const bound = current.bindings.filter((b) => b.profile === name).map((b) => b.directory)
        const isDefault = current.defaultProfile === name
        if ((bound.length > 0 || isDefault) && !options.force) {
          const uses = [...bound.map((d) => `bound to ${d}`), ...(isDefault ? ['the default profile'] : [])]
          throw new KeywardError(
            'CONFLICT',
            `profile "${name}" is in use (${uses.slice(0, 3).join('; ')}${uses.length > 3 ? `; and ${uses.length - 3} more` : ''}); unbind it first, or run: keyward remove ${name} --force`,
          )
        }
        const secret = await keychain.get(profileKeyAccount(name))
        if (secret !== null) {
          await keychain.delete(profileKeyAccount(name))
          onUndo(() => keychain.set(profileKeyAccount(name), secret))
        }
        result = { name, removedBindings: bound, clearedDefault: isDefault }
        return {
          ...current,
          profiles: current.profiles.filter((p) => p.name !== name),
          bindings: current.bindings.filter((b) => b.profile !== name),
          allowedProjects: current.allowedProjects.filter((a) => a.profile !== name),
          defaultProfile: isDefault ? null : current.defaultProfile,
        }
      })
      await audit.append({ event: 'profile.removed', profile: name, ...(result.removedBindings.length > 0 && { detail: `also unbound ${result.removedBindings.length} directories` }) })
      return result
    },

    async rename(from, to) {
      checkName(to)
      let renamed: ProfileMeta | undefined
      const next = await updateWithUndo(async (current, onUndo) => {
        const meta = findProfile(current, from)
        if (from === to) throw new KeywardError('INVALID_INPUT', `profile "${from}" already has that name`)
        if (current.profiles.some((p) => p.name === to)) {
          throw new KeywardError('ALREADY_EXISTS', `a profile named "${to}" already exists; pick another name`)
        }
        const secret = await keychain.get(profileKeyAccount(from))
        if (secret === null) {
          throw new KeywardError('NOT_FOUND', `the keychain has no key for profile "${from}"; run: keyward remove ${from} --force, then add it again`)
        }
        await keychain.set(profileKeyAccount(to), secret)
        onUndo(() => keychain.delete(profileKeyAccount(to)))
        renamed = { ...meta, name: to }
        const swap = (n: string) => (n === from ? to : n)
        return {
          ...current,
          profiles: current.profiles.map((p) => (p.name === from ? renamed! : p)),
          bindings: current.bindings.map((b) => ({ ...b, profile: swap(b.profile) })),
          allowedProjects: current.allowedProjects.map((a) => ({ ...a, profile: swap(a.profile) })),
          defaultProfile: current.defaultProfile === null ? null : swap(current.defaultProfile),
        }
      })
      // The config now names the new account; an old entry we fail to delete is unreachable, not wrong.
      await keychain.delete(profileKeyAccount(from)).catch(() => false)
      await audit.append({ event: 'profile.renamed', profile: to, detail: `from ${from}` })
      return summarize(renamed!, next)
    },

    async setDefault(name) {
      await config.update((current) => {
        if (name !== null) {
          const meta = findProfile(current, name)
          if (meta.kind !== 'api') {
            throw new KeywardError('INVALID_INPUT', `profile "${name}" holds an Admin key; the default must be an API key, which tools can use`)
          }
        }
        return { ...current, defaultProfile: name }
      })
      await audit.append({ event: 'default.set', ...(name !== null && { profile: name }), ...(name === null && { detail: 'cleared' }) })
      return name
    },

    async setApproval(name, required) {
      let updated: ProfileMeta | undefined
      const next = await updateWithUndo(async (current) => {
        updated = { ...findProfile(current, name), requiresApproval: required }
        return { ...current, profiles: current.profiles.map((p) => (p.name === name ? updated! : p)) }
      })
      await audit.append({ event: 'approval.set', profile: name, detail: required ? 'required' : 'off' })
      return summarize(updated!, next)
    },

    async setForwardable(name, forwardable) {
      let updated: ProfileMeta | undefined
      // Through updateWithUndo: who is forwarded is a sealed fact, so the seal follows the change.
      const next = await updateWithUndo(async (current) => {
        const meta = findProfile(current, name)
        if (forwardable && meta.kind !== 'api') {
          throw new KeywardError('INVALID_INPUT', `profile "${name}" holds an Admin key, which Keyward never hands to tools, so it cannot be forwarded`)
        }
        updated = { ...meta, forwardable }
        return { ...current, profiles: current.profiles.map((p) => (p.name === name ? updated! : p)) }
      })
      await audit.append({ event: 'forward.set', profile: name, detail: forwardable ? 'on' : 'off' })
      return summarize(updated!, next)
    },

    async guardState() {
      const current = await config.read()
      return checkSeal(current.profiles, current.guardSeal, await keychain.get(secretAccount))
    },

    async reseal() {
      let before = { state: 'unsealed' } as SealState
      const next = await updateWithUndo(async (current, onUndo) => {
        before = await checkSeal(current.profiles, current.guardSeal, await keychain.get(secretAccount))
        return seal(current, onUndo)
      })
      const facts = sealedFacts(next.profiles)
      const was = before.state === 'broken' ? `was broken: ${before.why}` : `was ${before.state}`
      await audit.append({ event: 'guard.resealed', detail: `guarded: ${facts.guarded.join(', ') || 'none'}; admin: ${facts.admin.join(', ') || 'none'}; ${was}` })
      return { state: 'sealed' }
    },

    async copyKey(name, clipboard) {
      findProfile(await config.read(), name)
      const secret = await keychain.get(profileKeyAccount(name))
      if (secret === null) throw new KeywardError('NOT_FOUND', `the keychain has no key for profile "${name}"; run: keyward remove ${name} --force, then add it again`)
      await clipboard.writeSecret(secret)
      await audit.append({ event: 'key.copied', profile: name })
    },
  }
}
