import { roleLabel } from './admin-format'

/** The `<option>`s of a role select: each role as its value, shown as its label. */
export function RoleOptions({ roles }: { roles: readonly string[] }) {
  return roles.map((r) => (
    <option key={r} value={r}>
      {roleLabel(r)}
    </option>
  ))
}
