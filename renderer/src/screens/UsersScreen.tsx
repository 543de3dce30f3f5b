import { useEffect, useState } from 'react'
import type { AdminUser, AssignableOrgRole, OrgSummary } from '../../../shared/contract'
import { DataTable } from '../components/DataTable'
import { useUsersStore, userActions } from '../stores/users-store'
import { AdminError } from '../components/AdminError'
import { roleLabel, shortDate } from './admin/admin-format'
import { LoadMore } from '../components/LoadMore'
import { orgScreen } from '../components/OrgScreen'
import { RoleOptions } from './admin/RoleOptions'
import { useActionState } from '../components/use-action-state'
import { OffboardDialog } from './review/OffboardDialog'
import { FilterBox, useRowFilter } from '../components/FilterBox'
import { RowMenu, type RowMenuItem } from '../components/RowMenu'

/** Roles the Admin API can assign (owners and admins are managed in the Console). */
export const ASSIGNABLE_ROLES: readonly AssignableOrgRole[] = ['user', 'developer', 'billing', 'claude_code_user', 'managed']

/** The Users screen: org users with their role (changeable), and offboarding and removal (confirmed) from each row's menu. */
export const UsersScreen = orgScreen('users-title', 'Users', Users)

function Users({ org }: { org: OrgSummary }) {
  const { items, nextCursor, loading, error, load, loadMore } = useUsersStore()
  const { actionError, setActionError, setConfirm, confirmDialog } = useActionState()
  const [offboarding, setOffboarding] = useState<string | null>(null)
  const search = useRowFilter(items, (u) => `${u.name} ${u.email} ${roleLabel(u.role)}`)
  /** A row's actions, behind one menu so the row stays one line: offboard (a plan first) and remove (confirmed). */
  const actionsOf = (u: AdminUser): RowMenuItem[] => [
    { label: 'Offboard', name: `Offboard ${u.email}`, onSelect: () => setOffboarding(u.email) },
    {
      label: 'Remove',
      name: `Remove ${u.email}`,
      danger: true,
      onSelect: () =>
        setConfirm({
          title: `Remove ${u.email} from ${org.name}?`,
          body: <p>They lose access to the org and every workspace in it.</p>,
          confirmLabel: 'Remove user',
          run: async () => setActionError(await userActions.remove(org.id, u.id)),
        }),
    },
  ]
  useEffect(() => {
    void load({ orgId: org.id })
  }, [load, org.id])
  return (
    <>
      {!error && <FilterBox what="users" query={search.query} onQuery={search.setQuery} shown={search.shown.length} total={items.length} />}
      <AdminError error={actionError} />
      <AdminError error={error} />
      {!error && (
        <DataTable
          aria-label="Users"
          rows={search.shown}
          rowKey={(u) => u.id}
          columns={[
            { key: 'name', header: 'Name', cell: (u) => u.name, truncate: '9rem' },
            { key: 'email', header: 'Email', cell: (u) => u.email, truncate: '13rem' },
            {
              key: 'role',
              header: 'Role',
              cell: (u) =>
                (ASSIGNABLE_ROLES as readonly string[]).includes(u.role) ? (
                  <select aria-label={`Role of ${u.email}`} value={u.role} onChange={(e) => void userActions.setRole(org.id, u.id, e.target.value as AssignableOrgRole).then(setActionError)}>
                    <RoleOptions roles={ASSIGNABLE_ROLES} />
                  </select>
                ) : (
                  roleLabel(u.role)
                ),
            },
            { key: 'added', header: 'Added', cell: (u) => shortDate(u.addedAt), cellProps: () => ({ className: 'nowrap' }) },
            {
              key: 'actions',
              header: 'Actions',
              cell: (u) =>
                u.role === 'primary_owner' ? (
                  <span className="muted" title="No Admin key can remove the primary owner; transfer primary ownership in the Claude Console first">
                    Primary owner: not removable
                  </span>
                ) : (
                  <RowMenu label={`Actions for ${u.email}`} items={actionsOf(u)} />
                ),
            },
          ]}
        />
      )}
      <LoadMore nextCursor={nextCursor} loading={loading} onMore={() => void loadMore()} />
      {confirmDialog}
      {offboarding && (
        <OffboardDialog
          orgId={org.id}
          email={offboarding}
          onClose={(changed) => {
            setOffboarding(null)
            if (changed) void load({ orgId: org.id })
          }}
        />
      )}
    </>
  )
}
