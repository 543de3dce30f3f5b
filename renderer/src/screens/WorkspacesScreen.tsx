import { useEffect, useState } from 'react'
import type { AdminWorkspace, OrgSummary } from '../../../shared/contract'
import { DataTable } from '../components/DataTable'
import { useWorkspacesStore, workspaceActions } from '../stores/workspaces-store'
import { AdminError } from '../components/AdminError'
import { shortDate } from './admin/admin-format'
import { LoadMore } from '../components/LoadMore'
import { MembersPanel } from './admin/MembersPanel'
import { orgScreen } from '../components/OrgScreen'
import { useActionState } from '../components/use-action-state'

/** The Workspaces screen: list, create, rename, archive (confirmed), and each workspace's members. */
export const WorkspacesScreen = orgScreen('workspaces-title', 'Workspaces', Workspaces)

function Workspaces({ org }: { org: OrgSummary }) {
  const { items, nextCursor, loading, error, load, loadMore } = useWorkspacesStore()
  const [includeArchived, setIncludeArchived] = useState(false)
  const [name, setName] = useState('')
  const { actionError, setActionError, setConfirm, confirmDialog } = useActionState()
  const [editing, setEditing] = useState<{ id: string; name: string } | null>(null)
  const [selected, setSelected] = useState<AdminWorkspace | null>(null)
  useEffect(() => {
    void load({ orgId: org.id, includeArchived })
  }, [load, org.id, includeArchived])

  const create = async () => {
    const error = await workspaceActions.create(org.id, name)
    setActionError(error)
    if (!error) setName('')
  }
  const rename = async () => {
    if (!editing) return
    const error = await workspaceActions.rename(org.id, editing.id, editing.name)
    setActionError(error)
    if (!error) setEditing(null)
  }
  const askArchive = (w: AdminWorkspace) =>
    setConfirm({
      title: `Archive workspace "${w.name}"?`,
      body: <p>Its API keys stop working at once, and the Admin API cannot un-archive a workspace.</p>,
      confirmLabel: 'Archive workspace',
      run: async () => {
        setActionError(await workspaceActions.archive(org.id, w.id))
        if (selected?.id === w.id) setSelected(null)
      },
    })

  return (
    <>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault()
          void create()
        }}
      >
        <label>
          New workspace name <input value={name} onChange={(e) => setName(e.target.value)} maxLength={40} required />
        </label>
        <button type="submit">Create workspace</button>
        <label>
          <input type="checkbox" checked={includeArchived} onChange={(e) => setIncludeArchived(e.target.checked)} /> Show archived
        </label>
      </form>
      <AdminError error={actionError} />
      <AdminError error={error} />
      <DataTable
        aria-label="Workspaces"
        rows={items}
        rowKey={(w) => w.id}
        rowProps={() => ({ 'data-testid': 'workspace-row' })}
        columns={[
          {
            key: 'name',
            header: 'Name',
            cell: (w) =>
              editing?.id === w.id ? (
                <form
                  onSubmit={(e) => {
                    e.preventDefault()
                    void rename()
                  }}
                >
                  <input aria-label={`New name for ${w.name}`} value={editing.name} onChange={(e) => setEditing({ id: w.id, name: e.target.value })} maxLength={40} required />
                  <button type="submit">Save</button>
                  <button type="button" onClick={() => setEditing(null)}>
                    Cancel
                  </button>
                </form>
              ) : (
                w.name
              ),
          },
          { key: 'id', header: 'Id', cell: (w) => <code>{w.id}</code> },
          { key: 'created', header: 'Created', cell: (w) => shortDate(w.createdAt) },
          { key: 'state', header: 'State', cell: (w) => (w.archivedAt ? `archived ${shortDate(w.archivedAt)}` : 'active') },
          {
            key: 'actions',
            header: 'Actions',
            cell: (w) =>
              !w.archivedAt && (
                <>
                  <button type="button" onClick={() => setSelected(w)} aria-label={`Members of ${w.name}`}>
                    Members
                  </button>
                  <button type="button" onClick={() => setEditing({ id: w.id, name: w.name })} aria-label={`Rename ${w.name}`}>
                    Rename
                  </button>
                  <button type="button" className="danger" onClick={() => askArchive(w)} aria-label={`Archive ${w.name}`}>
                    Archive
                  </button>
                </>
              ),
          },
        ]}
      />
      {!loading && !error && items.length === 0 && <p className="empty">No workspaces yet (the default workspace is not listed).</p>}
      <LoadMore nextCursor={nextCursor} loading={loading} onMore={() => void loadMore()} />
      {selected && <MembersPanel org={org} workspace={selected} onClose={() => setSelected(null)} />}
      {confirmDialog}
    </>
  )
}
