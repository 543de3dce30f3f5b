import { type ConfigStore, createConfigStore } from '../platform/config/config-store'
import { checkDataDir } from '../platform/paths'
import { inListOrder } from '../org/orgs/org-order'
import type { AttributionSource } from './attribution'
import { type UsageStore, createUsageStore } from './store/usage-store'
import { type UsageQueryService, createUsageQueryService } from './usage-service'

/*
 * The usage queries and nothing else: the local usage store read with the config's profiles,
 * bindings and orgs. The usage module builds its queries here (usage-module.ts), and a read that
 * needs no more (keyward usage) opens them alone, without the vault, the keychain, the Admin API's
 * SDK or the alert channels, which this module must not import.
 */

/** Reads local profiles (API keys only) and bindings (also allowed project files) from the config, read-only. */
export function configAttributionSource(config: ConfigStore): AttributionSource {
  return {
    profiles: async () => (await config.read()).profiles.filter((p) => p.kind === 'api').map((p) => ({ name: p.name, hint: p.hint })),
    bindings: async () => {
      const c = await config.read()
      return [...c.bindings, ...c.allowedProjects].map((b) => ({ directory: b.directory, profile: b.profile }))
    },
  }
}

/** The ids of the config's orgs in the org registry's order (org-order.ts), without building the registry. */
export function configOrgOrder(config: ConfigStore): () => Promise<string[]> {
  return async () => inListOrder((await config.read()).orgs ?? []).map((o) => o.id)
}

/** The query service over a usage store, attributed and ordered by the config. */
export function buildUsageQueries(deps: { readonly store: UsageStore; readonly config: ConfigStore }): UsageQueryService {
  return createUsageQueryService({ store: deps.store, attribution: configAttributionSource(deps.config), orgOrder: configOrgOrder(deps.config) })
}

/**
 * The query service over `dataDir`'s usage store and config, for a read-only host (the CLI's
 * `keyward usage`). The data directory is checked first, as the vault checks it (another user's or
 * swappable: CONFLICT; too open: tightened). `close` closes the store's connection.
 */
export function openUsageQueries(dataDir: string): { readonly queries: UsageQueryService; close(): void } {
  checkDataDir(dataDir)
  const store = createUsageStore(dataDir)
  return { queries: buildUsageQueries({ store, config: createConfigStore(dataDir) }), close: () => store.close() }
}
