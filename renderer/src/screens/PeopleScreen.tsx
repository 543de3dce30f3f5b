import { useEffect } from 'react'
import { ErrorMessage } from '../components/ErrorMessage'
import { EmptyState, LoadingState } from '../components/States'
import { usePeopleStore } from '../stores/people-store'
import { useRouteStore } from '../stores/route-store'
import { useUsageStore } from '../stores/usage-store'
import { OrgScreen } from '../components/OrgScreen'
import { DataAsOf } from '../components/DataAsOf'
import { partialRangeNote } from '../../../shared/data-age'
import { PeopleMore, PeopleTable } from './people/PeopleTable'
import { PersonPage } from './people/PersonPage'
import { ClaudeCodePeopleSection } from './people/ClaudeCodeActivity'
import { RangePicker } from './usage/RangePicker'
import './usage/usage.css'
import './people/people.css'

/** The People screen: everyone's spend (`#/people`) or one person's page (`#/people/person/<id>`). */
export function PeopleScreen() {
  const rest = useRouteStore((s) => s.route.rest)
  const personId = rest[0] === 'person' ? rest[1] : undefined
  return (
    <OrgScreen id="people-title" title="People">
      {(org) => (personId ? <PersonPage key={`${org.id}/${personId}`} orgId={org.id} personId={personId} /> : <People key={org.id} orgId={org.id} />)}
    </OrgScreen>
  )
}

function People({ orgId }: { orgId: string }) {
  const range = useUsageStore()
  const s = usePeopleStore()
  const { load } = s
  useEffect(() => {
    void load(orgId)
  }, [load, orgId, range.choice, range.range.from, range.range.to])
  const shown = s.people?.orgId === orgId ? s.people : null
  const dataRefreshedAt = shown?.dataRefreshedAt ?? null
  const partial = shown ? partialRangeNote(shown.range, dataRefreshedAt, { nowMs: Date.now(), timeZone: range.timeZone }) : null
  return (
    <>
      <RangePicker choice={range.choice} from={range.range.from} to={range.range.to} onPreset={range.choose} onCustom={(from, to) => range.setCustom({ from, to })} />
      <p className="usage-tz">
        Spend by the identity the Admin API attributes it to: a person, a service account, a key used with no person behind it, or a federated identity. Dates are in your time zone ({range.timeZone}).{' '}
        <DataAsOf dataRefreshedAt={dataRefreshedAt} timeZone={range.timeZone} />
        {partial && <span data-testid="people-partial"> The range includes {partial}: later usage is still arriving.</span>}
      </p>
      {s.error && <ErrorMessage error={s.error} />}
      {!s.people && s.loading && <LoadingState label="Loading people…" />}
      {s.people &&
        s.people.orgId === orgId &&
        (s.people.people.length === 0 ? (
          <EmptyState title="No usage in this range">Pick a longer range, or sync the org first.</EmptyState>
        ) : (
          <>
            <PeopleTable data={s.people} />
            <PeopleMore data={s.people} loading={s.loading} onMore={() => void s.more(orgId)} />
          </>
        ))}
      <ClaudeCodePeopleSection orgId={orgId} people={s.people?.orgId === orgId ? s.people : null} />
    </>
  )
}
