import { useRouteStore } from '../stores/route-store'
import { OrgScreen } from '../components/OrgScreen'
import { UsageDashboard } from './usage/UsageDashboard'
import { UsageKeyPage } from './usage/UsageKeyPage'
import './usage/usage.css'

/** The Usage screen: the dashboard (`#/usage`) or one key's page (`#/usage/key/<id>`). */
export function UsageScreen() {
  const rest = useRouteStore((s) => s.route.rest)
  const keyId = rest[0] === 'key' ? rest[1] : undefined
  return (
    <OrgScreen id="usage-title" title="Usage">
      {(org) => (keyId ? <UsageKeyPage key={`${org.id}/${keyId}`} orgId={org.id} keyId={keyId} /> : <UsageDashboard key={org.id} orgId={org.id} />)}
    </OrgScreen>
  )
}
