import type Anthropic from '@anthropic-ai/sdk'
import { KeywardError } from '../../../../shared/errors'
import { toAdminError } from '../admin/admin-errors'
import type { AuditLog } from '../../platform/audit/audit-log'
import type { ConfigStore } from '../../platform/config/config-store'
import type { Keychain } from '../../vault/keychain'
import { profileKeyAccount } from '../../vault/secret-accounts'
import { type AdminClientFactory, DEFAULT_BASE_URL, assertSafeBaseURL, createAdminClient } from './admin-client'
import { DEMO_ORG_ID, type DemoHost } from './demo-host'
import type { Org, OrgDirectory } from './org-directory'
import { inListOrder } from './org-order'
import type { StoredOrg } from './orgs.schema'

/** The org registry: the directory plus adding and removing orgs. */
export interface OrgRegistry extends OrgDirectory {
  /** One org; NOT_FOUND names what to run when there is no such org. */
  get(orgId: string): Promise<Org>
  /**
   * Adds (or refreshes) the org behind an Admin-key profile, after checking the key against the API.
   * Moving an org to a new base URL (the profile already backs an org elsewhere, or the server
   * answers with a stored org's id) needs `confirmMove` to say yes; without it the move is refused.
   */
  add(input: { adminProfile: string; baseURL?: string }, options?: AddOrgOptions): Promise<Org>
  /** Forgets an org (its Admin-key profile stays in the vault). */
  remove(orgId: string): Promise<boolean>
  /** Registers the demo org: the host's emulator (started here in a host; in the CLI, the running app's or daemon's). */
  addDemo(): Promise<Org>
}

/** A change of where an org's Admin key goes: the org as stored at `from`, now asked to go to `to`. */
export interface OrgMove {
  readonly orgId: string
  readonly orgName: string
  readonly adminProfile: string
  readonly from: string
  readonly to: string
}

/** Asks whether an org may move (a person at a terminal or in the desktop app's own window); true moves it. */
export type ConfirmOrgMove = (move: OrgMove) => Promise<boolean>

/** How `add` treats a move: nobody to ask (the default) refuses it, naming both URLs. */
export interface AddOrgOptions {
  readonly confirmMove?: ConfirmOrgMove
}

/** What the registry needs: the config (orgs section), the keychain (Admin keys), the demo emulator and the audit log. */
export interface OrgRegistryDeps {
  readonly config: ConfigStore
  readonly keychain: Keychain
  readonly demo: DemoHost
  readonly audit: AuditLog
  readonly makeClient?: AdminClientFactory
  readonly now?: () => Date
}

/** Creates the registry. Orgs live in the config file; Admin keys only in the keychain (or memory, for the demo). */
export function createOrgRegistry(deps: OrgRegistryDeps): OrgRegistry {
  const makeClient = deps.makeClient ?? createAdminClient
  const now = deps.now ?? (() => new Date())
  /** Clients are reused per org while the key and URL stay the same; the key is held only in the SDK client. */
  const clients = new Map<string, { fingerprint: string; client: Anthropic }>()

  const stored = async (): Promise<StoredOrg[]> => (await deps.config.read()).orgs ?? []
  const toOrg = (s: StoredOrg): Org => ({
    id: s.id,
    name: s.name,
    baseURL: s.demo ? (deps.demo.current()?.baseURL ?? deps.demo.idleLabel) : (s.baseURL ?? DEFAULT_BASE_URL),
    adminProfile: s.adminProfile,
    demo: s.demo,
  })

  async function get(orgId: string): Promise<Org> {
    const found = (await stored()).find((o) => o.id === orgId)
    if (!found) throw new KeywardError('NOT_FOUND', `there is no org "${orgId.slice(0, 80)}" in Keyward; run: keyward orgs list (or keyward orgs add PROFILE, or keyward demo)`)
    return toOrg(found)
  }

  /** The Admin key and base URL for an org; the demo's come from the host's emulator (demo-host.ts). */
  async function credentials(org: Org): Promise<{ apiKey: string; baseURL: string }> {
    if (org.demo) {
      const demo = await deps.demo.ensure()
      return { apiKey: demo.credential, baseURL: demo.baseURL }
    }
    if (!org.adminProfile) throw new KeywardError('NOT_FOUND', `org ${org.name} has no Admin-key profile; run: keyward orgs add PROFILE`)
    // Before the keychain is read: a tampered config.json must not get the Admin key sent anywhere.
    assertSafeBaseURL(org.baseURL, `org ${org.name.slice(0, 80)}`)
    const apiKey = await deps.keychain.get(profileKeyAccount(org.adminProfile))
    if (apiKey === null) {
      throw new KeywardError('NOT_FOUND', `the keychain has no Admin key for profile "${org.adminProfile}" (org ${org.name}); run: keyward add ${org.adminProfile} --admin`)
    }
    return { apiKey, baseURL: org.baseURL }
  }

  async function clientFor(org: Org): Promise<Anthropic> {
    const { apiKey, baseURL } = await credentials(org)
    const fingerprint = `${baseURL}\n${apiKey}`
    const cached = clients.get(org.id)
    if (cached?.fingerprint === fingerprint) return cached.client
    const client = makeClient({ apiKey, baseURL })
    clients.set(org.id, { fingerprint, client })
    return client
  }

  /** Writes an org into the config, replacing one with the same id. */
  async function save(org: StoredOrg): Promise<void> {
    await deps.config.update((c) => ({ ...c, orgs: [...(c.orgs ?? []).filter((o) => o.id !== org.id), org] }))
  }

  /** The move `add` would make for a stored org, whose key from now on is `adminProfile`'s (`from` equals `to` when nothing moves). */
  function moveOf(org: StoredOrg, to: string, adminProfile: string): OrgMove {
    return { orgId: org.id, orgName: org.name, adminProfile, from: org.baseURL ?? DEFAULT_BASE_URL, to }
  }

  return {
    async list() {
      return inListOrder(await stored()).map(toOrg)
    },
    get,
    client: async (orgId) => clientFor(await get(orgId)),

    async add({ adminProfile, baseURL }, options = {}) {
      const config = await deps.config.read()
      const profile = config.profiles.find((p) => p.name === adminProfile)
      if (!profile) throw new KeywardError('NOT_FOUND', `there is no profile "${adminProfile}"; add the Admin key first: keyward add ${adminProfile} --admin`)
      if (profile.kind !== 'admin') {
        throw new KeywardError('INVALID_INPUT', `profile "${adminProfile}" holds an API key, not an Admin key (sk-ant-admin01-…); add one with: keyward add NAME --admin`)
      }
      const url = (baseURL ?? DEFAULT_BASE_URL).trim().replace(/\/+$/, '')
      assertSafeBaseURL(url, `profile ${adminProfile}`)
      // Before the keychain is read: the key must not reach a new URL unless a person said so.
      const moved: OrgMove[] = []
      for (const backed of (config.orgs ?? []).filter((o) => !o.demo && o.adminProfile === adminProfile)) {
        moved.push(await allowMove(moveOf(backed, url, adminProfile), options.confirmMove))
      }
      const draft: Org = { id: '', name: `the org of profile ${adminProfile}`, baseURL: url, adminProfile, demo: false }
      let me: { id: string; name: string }
      try {
        const client = await clientFor({ ...draft, id: `pending:${adminProfile}` })
        me = await client.beta.organization.retrieve()
      } catch (error) {
        throw toAdminError(error, { org: draft, action: 'read the organization behind this Admin key' })
      } finally {
        clients.delete(`pending:${adminProfile}`)
      }
      // The server named an org that is stored elsewhere: this profile's key went to the URL its
      // caller gave, but the stored org (and every later sync) moves only if a person says so.
      const sameOrg = (await stored()).find((o) => o.id === me.id && !o.demo)
      if (sameOrg && !moved.some((m) => m.orgId === sameOrg.id)) moved.push(await allowMove(moveOf(sameOrg, url, adminProfile), options.confirmMove))
      const entry: StoredOrg = { id: me.id, name: me.name, baseURL: url === DEFAULT_BASE_URL ? null : url, adminProfile, demo: false, addedAt: now().toISOString() }
      await save(entry)
      clients.delete(entry.id)
      for (const m of moved.filter((x) => x.from !== x.to)) {
        clients.delete(m.orgId)
        await deps.audit.append({ event: 'org.moved', profile: adminProfile, detail: `${m.orgName} (${m.orgId}) from ${m.from} to ${m.to}` })
      }
      await deps.audit.append({ event: 'org.added', profile: adminProfile, detail: `${me.name} (${me.id}) at ${url}` })
      return toOrg(entry)
    },

    async remove(orgId) {
      let removed: StoredOrg | undefined
      await deps.config.update((c) => {
        removed = (c.orgs ?? []).find((o) => o.id === orgId)
        return { ...c, orgs: (c.orgs ?? []).filter((o) => o.id !== orgId) }
      })
      clients.delete(orgId)
      if (!removed) return false
      if (removed.demo) await deps.demo.close()
      await deps.audit.append({ event: 'org.removed', ...(removed.adminProfile ? { profile: removed.adminProfile } : {}), detail: `${removed.name} (${removed.id})` })
      return true
    },

    async addDemo() {
      const demo = await deps.demo.ensure()
      const existing = (await stored()).find((o) => o.id === DEMO_ORG_ID)
      if (existing) return toOrg(existing)
      const entry: StoredOrg = { id: DEMO_ORG_ID, name: `${demo.orgName} (demo)`, baseURL: null, adminProfile: null, demo: true, addedAt: now().toISOString() }
      await save(entry)
      await deps.audit.append({ event: 'org.added', detail: `${entry.name}: the built-in demo org (the Admin API emulator of the app or daemon)` })
      return toOrg(entry)
    },
  }
}

/**
 * Lets a move through when nothing moves or a person confirmed it; otherwise CONFLICT naming both
 * URLs. Nothing has been stored, and (for a profile's own org) nothing sent, when it refuses.
 */
async function allowMove(move: OrgMove, confirm: ConfirmOrgMove | undefined): Promise<OrgMove> {
  if (move.from === move.to) return move
  const org = `org ${move.orgName.slice(0, 80)} (${move.orgId.slice(0, 80)})`
  if (!confirm) {
    throw new KeywardError(
      'CONFLICT',
      `${org} is at ${move.from}; adding it at ${move.to} would send its Admin key there from now on, so nothing was changed; if you mean it, run: keyward orgs add ${move.adminProfile} --base-url ${move.to} --replace`,
    )
  }
  if (!(await confirm(move))) throw new KeywardError('CONFLICT', `${org} stays at ${move.from}: moving it to ${move.to} was declined, and nothing was changed`)
  return move
}
