import { SelectOptions } from '../../components/SelectOptions'
import { roleLabel } from './admin-format'

/** The `<option>`s of a role select: each role as its value, shown as its label. */
export function RoleOptions({ roles }: { roles: readonly string[] }) {
  return <SelectOptions items={roles} value={(r) => r} label={roleLabel} />
}
