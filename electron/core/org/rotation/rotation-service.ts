import type { AdminApiKey } from '../../../../shared/contract/admin.contract'
import type { ProfileKeyInfo, RetireResult, RotationOverview } from '../../../../shared/contract/rotation.contract'
import { KeywardError } from '../../../../shared/errors'
import { checkKey, maskKey } from '../../../../shared/keys.schema'
import { toAdminError } from '../admin/admin-errors'
import type { AdminService } from '../admin/admin-service'
import type { AuditLog } from '../../platform/audit/audit-log'
import type { ConfigStore } from '../../platform/config/config-store'
import type { Config } from '../../platform/config/config.schema'
import type { OrgRegistry } from '../orgs/org-registry'
import type { Org } from '../orgs/org-directory'
import type { Keychain } from '../../vault/keychain'
import { hintsMatch, keyMatchesHint } from '../../../../shared/key-hints'
import { DEFAULT_ROTATION, type PendingRotation, type RotationSection } from './rotation.schema'
import { previousKeyAccount, profileKeyAccount } from '../../vault/secret-accounts'
import { keyUsageSince } from './usage-probe'

const DAY_MS = 86_400_000
const HOUR_MS = 3_600_000

/** What the rotation service needs. */
export interface RotationDeps {
  readonly config: ConfigStore
  readonly keychain: Keychain
  readonly orgs: Pick<OrgRegistry, 'list' | 'get' | 'client'>
  readonly admin: Pick<AdminService, 'listAllApiKeys' | 'setApiKeyStatus'>
  readonly audit: AuditLog
  readonly now?: () => Date
}

/** The config's rotation section with defaults filled in. */
const policyOf = (config: Config): RotationSection => config.rotation ?? DEFAULT_ROTATION

/** Every org's keys, fetched once per call; an org that fails is reported, not fatal. */
async function orgKeys(deps: RotationDeps): Promise<{ keys: Array<{ org: Org; key: AdminApiKey }>; errors: Array<{ org: Org; error: KeywardError }> }> {
  const keys: Array<{ org: Org; key: AdminApiKey }> = []
  const errors: Array<{ org: Org; error: KeywardError }> = []
  for (const org of await deps.orgs.list()) {
    try {
      for (const key of await deps.admin.listAllApiKeys(org.id)) keys.push({ org, key })
    } catch (error) {
      errors.push({ org, error: toAdminError(error, { org, action: 'list API keys' }) })
    }
  }
  return { keys, errors }
}

/**
 * Key rotation: put the new key in and serve it at once, keep the old one as `<profile>#previous`
 * until its usage (from the analytics report) has been zero for the quiet window, or the user
 * confirms, then deactivate it through the Admin API. Every step is audited; a failed step leaves
 * the keychain and config as they were.
 */
export function createRotationService(deps: RotationDeps) {
  const now = deps.now ?? (() => new Date())

  async function pendingFor(profile: string): Promise<PendingRotation> {
    const pending = policyOf(await deps.config.read()).pending.find((p) => p.profile === profile)
    if (!pending) throw new KeywardError('NOT_FOUND', `no rotation of profile "${profile}" is in progress; start one with: keyward rotate ${profile} --key-stdin`)
    return pending
  }

  /** Deletes the previous key and the pending entry, after the old key was dealt with. */
  async function finish(pending: PendingRotation, how: string): Promise<void> {
    await deps.config.update((c) => {
      const policy = policyOf(c)
      return { ...c, rotation: { ...policy, pending: policy.pending.filter((p) => p.profile !== pending.profile) } }
    })
    await deps.keychain.delete(previousKeyAccount(pending.profile))
    await deps.audit.append({ event: 'rotation.retired', profile: pending.profile, detail: how })
  }

  return {
    /** Each API-key profile with its org key (matched by hint), age, reminder and rotation in progress. */
    async overview(): Promise<RotationOverview> {
      const config = await deps.config.read()
      const policy = policyOf(config)
      const { keys, errors } = await orgKeys(deps)
      const nowMs = now().getTime()
      const profiles: ProfileKeyInfo[] = config.profiles
        .filter((p) => p.kind === 'api')
        .map((p) => {
          const match = keys.find(({ key }) => hintsMatch(key.partialKeyHint, p.hint))
          const since = match?.key.createdAt ?? p.rotatedAt ?? p.createdAt
          const ageDays = Math.max(0, Math.floor((nowMs - Date.parse(since)) / DAY_MS))
          const pending = policy.pending.find((r) => r.profile === p.name) ?? null
          return {
            profile: p.name,
            hint: p.hint,
            ageDays,
            rotationDue: ageDays >= policy.ageDays && pending === null,
            orgKey: match
              ? {
                  orgId: match.org.id,
                  orgName: match.org.name,
                  keyId: match.key.id,
                  keyName: match.key.name,
                  workspaceId: match.key.workspaceId,
                  status: match.key.status,
                  createdAt: match.key.createdAt,
                  expiresAt: match.key.expiresAt,
                }
              : null,
            pending,
          }
        })
      return {
        ageDays: policy.ageDays,
        quietHours: policy.quietHours,
        profiles,
        errors: errors.map(({ org, error }) => ({ orgId: org.id, orgName: org.name, code: error.code, message: error.message })),
      }
    },

    /** Changes the reminder age and the default quiet window. */
    async setPolicy(change: { ageDays?: number; quietHours?: number }): Promise<{ ageDays: number; quietHours: number }> {
      const next = await deps.config.update((c) => ({ ...c, rotation: { ...policyOf(c), ...change } }))
      const policy = policyOf(next)
      return { ageDays: policy.ageDays, quietHours: policy.quietHours }
    },

    /** Replaces a profile's key: validated, served at once, the old one kept until retired. */
    async rotate(profile: string, rawKey: string, options: { quietHours?: number } = {}): Promise<PendingRotation> {
      const config = await deps.config.read()
      const meta = config.profiles.find((p) => p.name === profile)
      if (!meta) throw new KeywardError('NOT_FOUND', `there is no profile "${profile}"; run: keyward list`)
      if (meta.kind !== 'api')
        throw new KeywardError(
          'INVALID_INPUT',
          `profile "${profile}" holds an Admin key; rotation is for API keys (replace an Admin key with: keyward remove ${profile} --force, then keyward add ${profile} --admin)`,
        )
      const checked = checkKey('api', rawKey)
      if (!checked.ok) throw new KeywardError('INVALID_INPUT', `the new key for "${profile}" is not valid: ${checked.message}`)
      const newKey = checked.key
      const policy = policyOf(config)
      if (policy.pending.some((p) => p.profile === profile)) {
        throw new KeywardError('CONFLICT', `a rotation of "${profile}" is already in progress; finish it first: keyward rotate ${profile} --retire`)
      }
      const oldKey = await deps.keychain.get(profileKeyAccount(profile))
      if (oldKey === null) throw new KeywardError('NOT_FOUND', `the keychain has no key for profile "${profile}"; add it instead: keyward add ${profile}`)
      if (oldKey === newKey) throw new KeywardError('INVALID_INPUT', `that is the key profile "${profile}" already holds; paste the new key`)

      // Validate against the org before touching anything: the new key must be an active key of the same org.
      const { keys, errors } = await orgKeys(deps)
      const oldMatch = keys.find(({ key }) => keyMatchesHint(oldKey, key.partialKeyHint))
      const newMatch = keys.find(({ key, org }) => keyMatchesHint(newKey, key.partialKeyHint) && (!oldMatch || org.id === oldMatch.org.id))
      if (oldMatch && (!newMatch || newMatch.key.status !== 'active')) {
        throw new KeywardError(
          'INVALID_INPUT',
          `the new key is not an active API key of ${oldMatch.org.name}, where "${profile}"'s current key lives; create it in the Claude Console (Settings → API keys) of that org and paste it. Nothing was changed.`,
        )
      }
      if (!oldMatch && errors.length > 0) throw errors[0]!.error

      const pending: PendingRotation = {
        profile,
        orgId: oldMatch?.org.id ?? null,
        oldKeyId: oldMatch?.key.id ?? null,
        newKeyId: newMatch?.key.id ?? null,
        oldHint: maskKey(oldKey),
        startedAt: now().toISOString(),
        quietHours: options.quietHours ?? policy.quietHours,
      }
      await deps.keychain.set(previousKeyAccount(profile), oldKey)
      try {
        await deps.keychain.set(profileKeyAccount(profile), newKey)
        await deps.config.update((c) => {
          const current = policyOf(c)
          return {
            ...c,
            profiles: c.profiles.map((p) => (p.name === profile ? { ...p, hint: maskKey(newKey), rotatedAt: pending.startedAt } : p)),
            rotation: { ...current, pending: [...current.pending.filter((p) => p.profile !== profile), pending] },
          }
        })
      } catch (error) {
        // Put the old key back so the profile serves exactly what it served before.
        await deps.keychain.set(profileKeyAccount(profile), oldKey).catch(() => {})
        await deps.keychain.delete(previousKeyAccount(profile)).catch(() => {})
        throw error
      }
      await deps.audit.append({
        event: 'rotation.started',
        profile,
        detail: `new key ${maskKey(newKey)} served; old key ${pending.oldHint}${pending.oldKeyId ? ` (${pending.oldKeyId})` : ''} kept until unused for ${pending.quietHours} h`,
      })
      return pending
    },

    /**
     * Retires the old key of a rotation: when its usage has been zero for the quiet window (or
     * `confirm`), it is set `inactive` through the Admin API, then the previous key is deleted locally.
     */
    async retire(profile: string, confirm: boolean): Promise<RetireResult> {
      const pending = await pendingFor(profile)
      const nowDate = now()
      if (pending.orgId === null || pending.oldKeyId === null) {
        if (!confirm) {
          return {
            retired: false,
            usage: null,
            message: `the old key of "${profile}" matched no org Keyward administers, so its usage is unknown; confirm to forget it, and deactivate it in the Claude Console yourself`,
          }
        }
        await finish(pending, 'old key forgotten on confirmation (it matched no org)')
        return { retired: true, usage: null, message: `forgot the old key of "${profile}"; deactivate it in the Claude Console, Keyward could not` }
      }
      const org = await deps.orgs.get(pending.orgId)
      let usage = null
      if (!confirm) {
        const quietUntil = Date.parse(pending.startedAt) + pending.quietHours * HOUR_MS
        if (nowDate.getTime() < quietUntil) {
          return {
            retired: false,
            usage: null,
            message: `the old key of "${profile}" stays active until it has been unused for ${pending.quietHours} h after the rotation (not before ${new Date(quietUntil).toISOString()}); confirm to deactivate it now`,
          }
        }
        try {
          usage = await keyUsageSince(await deps.orgs.client(org.id), pending.oldKeyId, pending.quietHours, nowDate)
        } catch (error) {
          throw toAdminError(error, { org, action: `read the usage of API key ${pending.oldKeyId}` })
        }
        if (usage.requests > 0 || usage.tokens > 0) {
          await deps.audit.append({
            event: 'rotation.failed',
            profile,
            detail: `old key ${pending.oldKeyId} still in use (${usage.requests} requests, ${usage.tokens} tokens in ${pending.quietHours} h); kept active`,
          })
          return {
            retired: false,
            usage,
            message: `the old key of "${profile}" was still used in the last ${pending.quietHours} h (${usage.requests} requests, ${usage.tokens} tokens); find what still uses it, or confirm to deactivate it anyway`,
          }
        }
      }
      await deps.admin.setApiKeyStatus(org.id, pending.oldKeyId, 'inactive')
      await finish(pending, `old key ${pending.oldKeyId} set inactive in ${org.name}${confirm ? ' on confirmation' : ` after ${pending.quietHours} h without usage`}`)
      return { retired: true, usage, message: `deactivated the old key of "${profile}" (${pending.oldKeyId}) in ${org.name}` }
    },
  }
}

/** The rotation service. */
export type RotationService = ReturnType<typeof createRotationService>
