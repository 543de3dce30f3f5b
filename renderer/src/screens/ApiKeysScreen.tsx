import { useEffect, useState } from 'react'
import type { AdminApiKey, ApiKeyStatus, OrgSummary } from '../../../shared/contract'
import { DataTable } from '../components/DataTable'
import { useKeyContextStore } from '../stores/api-key-context-store'
import { apiKeyActions, useApiKeysStore } from '../stores/api-keys-store'
import { useWorkspacesStore } from '../stores/workspaces-store'
import { AdminError } from '../components/AdminError'
import { ageDays, shortDate } from './admin/admin-format'
import { type CellText, creatorCell, lastUseCell } from './admin/api-key-cells'
import { LoadMore } from '../components/LoadMore'
import { orgScreen } from '../components/OrgScreen'
import { useActionState } from '../components/use-action-state'
import { SelectOptions } from '../components/SelectOptions'
import { FilterBox, useRowFilter } from '../components/FilterBox'
import { RowMenu, type RowMenuItem } from '../components/RowMenu'
import { KeyHint } from '../components/KeyHint'
import { Truncated } from '../components/Truncated'

const STATUSES: readonly ApiKeyStatus[] = ['active', 'inactive', 'archived', 'expired']

/** The API keys screen: org keys filtered by workspace and status, with creator and last use; rename, deactivate, reactivate, archive. */
export const ApiKeysScreen = orgScreen('api-keys-title', 'API keys', ApiKeys)

function ApiKeys({ org }: { org: OrgSummary }) {
  const { items, nextCursor, loading, error, load, loadMore } = useApiKeysStore()
  const workspaces = useWorkspacesStore()
  const [workspaceId, setWorkspaceId] = useState<string | null>(null)
  const [status, setStatus] = useState<ApiKeyStatus | null>(null)
  const { actionError, setActionError, setConfirm, confirmDialog } = useActionState()
  const [editing, setEditing] = useState<{ id: string; name: string } | null>(null)
  const loadWorkspaces = workspaces.load
  const loadContext = useKeyContextStore((s) => s.load)
  const context = useKeyContextStore((s) => s.byOrg[org.id])
  useEffect(() => {
    void loadContext(org.id)
  }, [loadContext, org.id])
  const cell = ({ text, title }: CellText) => (title === undefined ? text : <span title={title}>{text}</span>)
  const workspaceName = (id: string | null) => (id === null ? 'organization' : (workspaces.items.find((w) => w.id === id)?.name ?? id))
  const search = useRowFilter(items, (k) => [k.name, k.partialKeyHint ?? '', workspaceName(k.workspaceId), k.status, creatorCell(k.createdBy, context?.users ?? null).text].join(' '))
  useEffect(() => {
    // Archived and Default workspaces too: their keys still list, and should show a name rather than an id.
    void loadWorkspaces({ orgId: org.id, includeArchived: true, includeDefault: true })
  }, [loadWorkspaces, org.id])
  useEffect(() => {
    void load({ orgId: org.id, workspaceId, status })
  }, [load, org.id, workspaceId, status])
  const workspaceCell = (id: string | null) => {
    if (id === null) return 'organization'
    const ws = workspaces.items.find((w) => w.id === id)
    if (!ws) return <code title="A workspace not loaded yet or not visible to this Admin key">{id}</code>
    return <Truncated text={ws.archivedAt === null ? ws.name : `${ws.name} (archived)`} maxWidth="5.5rem" />
  }

  /** A key's actions in its row menu: rename, then activate or deactivate, then archive. */
  const actionsOf = (k: AdminApiKey): RowMenuItem[] => [
    { label: 'Rename', name: `Rename ${k.name}`, onSelect: () => setEditing({ id: k.id, name: k.name }) },
    k.status === 'active'
      ? { label: 'Deactivate', name: `Deactivate ${k.name}`, danger: true, onSelect: () => askStatus(k, 'inactive') }
      : { label: 'Activate', name: `Activate ${k.name}`, onSelect: () => void apiKeyActions.setStatus(org.id, k.id, 'active').then(setActionError) },
    { label: 'Archive', name: `Archive ${k.name}`, danger: true, onSelect: () => askStatus(k, 'archived') },
  ]

  const askStatus = (k: AdminApiKey, next: 'inactive' | 'archived') =>
    setConfirm({
      title: `${next === 'inactive' ? 'Deactivate' : 'Archive'} API key "${k.name}"?`,
      body: <p>{next === 'inactive' ? 'Requests with this key fail until it is activated again.' : 'Requests with this key fail, and an archived key can never be activated again.'}</p>,
      confirmLabel: next === 'inactive' ? 'Deactivate key' : 'Archive key',
      run: async () => setActionError(await apiKeyActions.setStatus(org.id, k.id, next)),
    })

  return (
    <>
      <div className="inline-form" role="group" aria-label="Filters">
        <label>
          Workspace{' '}
          <select value={workspaceId ?? ''} onChange={(e) => setWorkspaceId(e.target.value || null)}>
            <option value="">All workspaces</option>
            <SelectOptions items={workspaces.items} value={(w) => w.id} label={(w) => (w.archivedAt === null ? w.name : `${w.name} (archived)`)} />
          </select>
        </label>
        <label>
          Status{' '}
          <select value={status ?? ''} onChange={(e) => setStatus((e.target.value || null) as ApiKeyStatus | null)}>
            <option value="">Any status</option>
            <SelectOptions items={STATUSES} value={(s) => s} />
          </select>
        </label>
      </div>
      <FilterBox what="API keys" query={search.query} onQuery={search.setQuery} shown={search.shown.length} total={items.length} />
      <AdminError error={actionError} />
      <AdminError error={error} />
      <DataTable
        aria-label="API keys"
        className="api-keys-table"
        rows={search.shown}
        rowKey={(k) => k.id}
        rowProps={(k) => ({ 'data-testid': 'api-key-row', 'data-key-id': k.id })}
        columns={[
          {
            key: 'name',
            header: 'Name and key',
            cell: (k) => (
              <>
                {editing?.id === k.id ? (
                  <form
                    onSubmit={(e) => {
                      e.preventDefault()
                      void apiKeyActions.rename(org.id, k.id, editing.name).then((err) => {
                        setActionError(err)
                        if (!err) setEditing(null)
                      })
                    }}
                  >
                    <input aria-label={`New name for ${k.name}`} value={editing.name} onChange={(e) => setEditing({ id: k.id, name: e.target.value })} required />
                    <button type="submit">Save</button>
                    <button type="button" onClick={() => setEditing(null)}>
                      Cancel
                    </button>
                  </form>
                ) : (
                  <Truncated text={k.name} maxWidth="9rem" />
                )}
                <div>{k.partialKeyHint ? <KeyHint hint={k.partialKeyHint} maxWidth="10rem" /> : '—'}</div>
              </>
            ),
          },
          { key: 'workspace', header: 'Workspace', cell: (k) => workspaceCell(k.workspaceId) },
          { key: 'status', header: 'Status', cell: (k) => k.status, cellProps: () => ({ 'data-testid': 'api-key-status' }) },
          {
            key: 'creator',
            header: 'Created by',
            cell: (k) => {
              const c = creatorCell(k.createdBy, context?.users ?? null, Boolean(context?.usersError))
              return (
                <Truncated text={c.text} maxWidth="6rem">
                  {cell(c)}
                </Truncated>
              )
            },
            cellProps: () => ({ 'data-testid': 'api-key-creator' }),
          },
          { key: 'age', header: 'Age', cell: (k) => `${ageDays(k.createdAt)} d`, cellProps: () => ({ className: 'nowrap' }) },
          { key: 'expires', header: 'Expires', cell: (k) => shortDate(k.expiresAt), cellProps: () => ({ className: 'nowrap' }) },
          { key: 'last-use', header: 'Last use', cell: (k) => cell(lastUseCell(k.id, context?.lastUsed ?? null)), cellProps: () => ({ 'data-testid': 'api-key-last-use', className: 'nowrap' }) },
          {
            key: 'actions',
            header: 'Actions',
            headerHidden: true,
            cell: (k) => k.status !== 'archived' && k.status !== 'expired' && <RowMenu label={`Actions for ${k.name}`} items={actionsOf(k)} />,
          },
        ]}
      />
      {!loading && !error && search.shown.length === 0 && (
        <p className="empty">{items.length === 0 ? 'No API keys match.' : 'No loaded API key matches the search; load more or change the search.'}</p>
      )}
      <LoadMore nextCursor={nextCursor} loading={loading} onMore={() => void loadMore()} />
      {confirmDialog}
    </>
  )
}
