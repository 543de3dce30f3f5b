import { useEffect, useState } from 'react'
import type { AssignableOrgRole, OrgSummary } from '../../../shared/contract'
import { DataTable } from '../components/DataTable'
import { useInvitesStore, userActions } from '../stores/users-store'
import { AdminError } from '../components/AdminError'
import { roleLabel, shortDate } from './admin/admin-format'
import { LoadMore } from '../components/LoadMore'
import { orgScreen } from '../components/OrgScreen'
import { RoleOptions } from './admin/RoleOptions'
import { useActionState } from '../components/use-action-state'
import { ASSIGNABLE_ROLES } from './UsersScreen'

/** The Invites screen: invite by email and role, list, delete (confirmed). */
export const InvitesScreen = orgScreen('invites-title', 'Invites', Invites)

function Invites({ org }: { org: OrgSummary }) {
  const { items, nextCursor, loading, error, load, loadMore } = useInvitesStore()
  const [email, setEmail] = useState('')
  const [role, setRole] = useState<AssignableOrgRole>('developer')
  const { actionError, setActionError, setConfirm, confirmDialog } = useActionState()
  useEffect(() => {
    void load({ orgId: org.id })
  }, [load, org.id])
  return (
    <>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault()
          void userActions.invite(org.id, email.trim(), role).then((err) => {
            setActionError(err)
            if (!err) setEmail('')
          })
        }}
      >
        <label>
          Email <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
        </label>
        <label>
          Role{' '}
          <select value={role} onChange={(e) => setRole(e.target.value as AssignableOrgRole)}>
            <RoleOptions roles={ASSIGNABLE_ROLES} />
          </select>
        </label>
        <button type="submit">Send invite</button>
      </form>
      <AdminError error={actionError} />
      <AdminError error={error} />
      <DataTable
        aria-label="Invites"
        rows={items}
        rowKey={(i) => i.id}
        rowProps={() => ({ 'data-testid': 'invite-row' })}
        columns={[
          { key: 'email', header: 'Email', cell: (i) => i.email, truncate: '16rem' },
          { key: 'role', header: 'Role', cell: (i) => roleLabel(i.role) },
          { key: 'status', header: 'Status', cell: (i) => i.status },
          { key: 'invited', header: 'Invited', cell: (i) => shortDate(i.invitedAt) },
          { key: 'expires', header: 'Expires', cell: (i) => shortDate(i.expiresAt) },
          {
            key: 'actions',
            header: 'Actions',
            cell: (i) =>
              i.status === 'pending' && (
                <button
                  type="button"
                  className="danger"
                  aria-label={`Delete invite for ${i.email}`}
                  onClick={() =>
                    setConfirm({
                      title: `Delete the invite for ${i.email}?`,
                      body: <p>The invitation link stops working.</p>,
                      confirmLabel: 'Delete invite',
                      run: async () => setActionError(await userActions.deleteInvite(org.id, i.id)),
                    })
                  }
                >
                  Delete
                </button>
              ),
          },
        ]}
      />
      {!loading && !error && items.length === 0 && <p className="empty">No invites.</p>}
      <LoadMore nextCursor={nextCursor} loading={loading} onMore={() => void loadMore()} />
      {confirmDialog}
    </>
  )
}
