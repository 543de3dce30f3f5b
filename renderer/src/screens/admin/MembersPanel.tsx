import { useEffect, useState } from 'react'
import type { AdminWorkspace, OrgSummary } from '../../../../shared/contract'
import { TableHead } from '../../components/TableHead'
import { useMembersStore, workspaceActions } from '../../stores/workspaces-store'
import { AdminError } from './AdminError'
import { LoadMore } from './LoadMore'
import { RoleOptions } from './RoleOptions'
import { useActionState } from './use-action-state'

const ADDABLE = ['workspace_user', 'workspace_developer', 'workspace_restricted_developer', 'workspace_admin'] as const
const ROLES = [...ADDABLE, 'workspace_billing'] as const

/** One workspace's members: add by user id, change role, remove (confirmed). */
export function MembersPanel({ org, workspace, onClose }: { org: OrgSummary; workspace: AdminWorkspace; onClose(): void }) {
  const { items, nextCursor, loading, error, load, loadMore } = useMembersStore()
  const [userId, setUserId] = useState('')
  const [role, setRole] = useState<(typeof ADDABLE)[number]>('workspace_developer')
  const { actionError, setActionError, setConfirm, confirmDialog } = useActionState()
  useEffect(() => {
    void load({ orgId: org.id, workspaceId: workspace.id })
  }, [load, org.id, workspace.id])

  return (
    <section aria-labelledby="members-title" className="panel">
      <div className="screen-header">
        <h2 id="members-title">Members of {workspace.name}</h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault()
          void workspaceActions.addMember(org.id, workspace.id, userId.trim(), role).then((err) => {
            setActionError(err)
            if (!err) setUserId('')
          })
        }}
      >
        <label>
          User id <input value={userId} onChange={(e) => setUserId(e.target.value)} required placeholder="user_01…" />
        </label>
        <label>
          Role{' '}
          <select value={role} onChange={(e) => setRole(e.target.value as (typeof ADDABLE)[number])}>
            <RoleOptions roles={ADDABLE} />
          </select>
        </label>
        <button type="submit">Add member</button>
      </form>
      <AdminError error={actionError} />
      <AdminError error={error} />
      <table aria-label={`Members of ${workspace.name}`}>
        <TableHead columns={['User', 'Role', 'Actions']} />
        <tbody>
          {items.map((m) => (
            <tr key={m.userId}>
              <td>
                <code>{m.userId}</code>
              </td>
              <td>
                <select
                  aria-label={`Role of ${m.userId}`}
                  value={m.role}
                  onChange={(e) => void workspaceActions.setMemberRole(org.id, workspace.id, m.userId, e.target.value as (typeof ROLES)[number]).then(setActionError)}
                >
                  <RoleOptions roles={ROLES} />
                </select>
              </td>
              <td>
                <button
                  type="button"
                  className="danger"
                  onClick={() =>
                    setConfirm({
                      title: `Remove ${m.userId} from ${workspace.name}?`,
                      body: <p>They lose access to this workspace; their org membership stays.</p>,
                      confirmLabel: 'Remove member',
                      run: async () => setActionError(await workspaceActions.removeMember(org.id, workspace.id, m.userId)),
                    })
                  }
                >
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <LoadMore nextCursor={nextCursor} loading={loading} onMore={() => void loadMore()} />
      {confirmDialog}
    </section>
  )
}
