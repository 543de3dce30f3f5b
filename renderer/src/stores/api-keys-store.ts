import type { AdminApiKey, ApiKeyStatus } from '../../../shared/contract'
import { client } from '../transport/client'
import { change, createPagedStore } from './paged-store'

/** Which org API keys to list. */
export interface ApiKeyQuery {
  orgId: string
  workspaceId: string | null
  status: ApiKeyStatus | null
}

/** Org API keys, filtered and page by page. */
export const useApiKeysStore = createPagedStore<AdminApiKey, ApiKeyQuery>((q, cursor) =>
  client.call('admin.listApiKeys', { orgId: q.orgId, workspaceId: q.workspaceId, status: q.status, cursor, limit: 50 }),
)

const reloadKeys = () => useApiKeysStore.getState().reload()

/** API key changes; each returns the error to show in place, or null. */
export const apiKeyActions = {
  rename: (orgId: string, apiKeyId: string, name: string) => change(client.call('admin.renameApiKey', { orgId, apiKeyId, name }), reloadKeys),
  setStatus: (orgId: string, apiKeyId: string, status: 'active' | 'inactive' | 'archived') => change(client.call('admin.setApiKeyStatus', { orgId, apiKeyId, status }), reloadKeys),
}
