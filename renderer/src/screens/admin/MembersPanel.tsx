import { useEffect, useState } from 'react'
import type { AdminWorkspace, OrgSummary } from '../../../../shared/contract'
import { DataTable } from '../../components/DataTable'
import { useKeyContextStore } from '../../stores/api-key-context-store'
import { useMembersStore, workspaceActions } from '../../stores/workspaces-store'
import { AdminError } from '../../components/AdminError'
import { LoadMore } from '../../components/LoadMore'
import { RoleOptions } from './RoleOptions'
import { useActionState } from '../../components/use-action-state'
import { memberName, usersToAdd } from './member-names'
import { SelectOptions } from '../../components/SelectOptions'

const ADDABLE = ['workspace_user', 'workspace_developer', 'workspace_restricted_developer', 'workspace_admin'] as const
const ROLES = [...ADDABLE, 'workspace_billing'] as const

/** One workspace's members by name and email: add an org user picked by name or email, change role, remove (confirmed). */
export function MembersPanel({ org, workspace, onClose }: { org: OrgSummary; workspace: AdminWorkspace; onClose(): void }) {
  const { items, nextCursor, loading, error, load, loadMore } = useMembersStore()
  const [userId, setUserId] = useState('')
  const [find, setFind] = useState('')
  const [role, setRole] = useState<(typeof ADDABLE)[number]>('workspace_developer')
  const { actionError, setActionError, setConfirm, confirmDialog } = useActionState()
  const loadContext = useKeyContextStore((s) => s.load)
  const context = useKeyContextStore((s) => s.byOrg[org.id])
  useEffect(() => {
    void load({ orgId: org.id, workspaceId: workspace.id })
    void loadContext(org.id)
  }, [load, loadContext, org.id, workspace.id])
  const users = context?.users ?? null
  const candidates = usersToAdd(users, items, find)

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
          if (!userId) return
          void workspaceActions.addMember(org.id, workspace.id, userId, role).then((err) => {
            setActionError(err)
            if (!err) {
              setUserId('')
              setFind('')
            }
          })
        }}
      >
        <label>
          Find by name or email <input type="search" value={find} onChange={(e) => setFind(e.target.value)} placeholder="ada, @example.com" />
        </label>
        <label>
          User{' '}
          <select value={userId} onChange={(e) => setUserId(e.target.value)} required>
            <option value="">
              {users === null ? (context?.usersError ? 'The org’s users could not be listed' : 'Loading users…') : candidates.length === 0 ? 'Every org user is a member' : 'Choose a person'}
            </option>
            <SelectOptions items={candidates} value={(u) => u.id} label={(u) => u.label} />
          </select>
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
      <DataTable
        aria-label={`Members of ${workspace.name}`}
        rows={items}
        rowKey={(m) => m.userId}
        columns={[
          {
            key: 'user',
            header: 'User',
            cellProps: (m) => ({ title: memberName(m.userId, users).title }),
            cell: (m) => {
              const who = memberName(m.userId, users)
              return (
                <>
                  {who.name}
                  {who.email && <div className="muted email">{who.email}</div>}
                </>
              )
            },
          },
          {
            key: 'role',
            header: 'Role',
            cell: (m) => (
              <select
                aria-label={`Role of ${memberName(m.userId, users).label}`}
                value={m.role}
                onChange={(e) => void workspaceActions.setMemberRole(org.id, workspace.id, m.userId, e.target.value as (typeof ROLES)[number]).then(setActionError)}
              >
                <RoleOptions roles={ROLES} />
              </select>
            ),
          },
          {
            key: 'actions',
            header: 'Actions',
            cell: (m) => {
              const who = memberName(m.userId, users)
              return (
                <button
                  type="button"
                  className="danger"
                  aria-label={`Remove ${who.label} from ${workspace.name}`}
                  onClick={() =>
                    setConfirm({
                      title: `Remove ${who.label} from ${workspace.name}?`,
                      body: <p>They lose access to this workspace; their org membership stays.</p>,
                      confirmLabel: 'Remove member',
                      run: async () => setActionError(await workspaceActions.removeMember(org.id, workspace.id, m.userId)),
                    })
                  }
                >
                  Remove
                </button>
              )
            },
          },
        ]}
      />
      {!loading && !error && items.length === 0 && <p className="empty">No members yet: add someone above.</p>}
      <LoadMore nextCursor={nextCursor} loading={loading} onMore={() => void loadMore()} />
      {confirmDialog}
    </section>
  )
}
