import { useCallback, useEffect, useMemo } from 'react'
import type { UsageGroup } from '../../../../shared/contract'
import { ErrorMessage } from '../../components/ErrorMessage'
import { StackedBarChart } from '../../components/StackedBarChart'
import { LoadingState, StatTile } from '../../components/States'
import { DataTable } from '../../components/DataTable'
import { DataAsOf } from '../../components/DataAsOf'
import { formatNumber } from '../../format'
import { usePeopleStore } from '../../stores/people-store'
import { useUsageStore } from '../../stores/usage-store'
import { groupColumns } from '../usage/group-columns'
import { RangePicker } from '../usage/RangePicker'
import { markPartialDays, rangeLabel } from '../usage/partial-days'
import { showMoney } from '../../money'
import { TYPE_LABEL } from './split'
import { ClaudeCodePersonSection } from './ClaudeCodeActivity'

function GroupTable({ caption, first, groups, currency }: { caption: string; first: string; groups: readonly UsageGroup[]; currency: string }) {
  return <DataTable className="usage-table" caption={caption} columns={[groupColumns.label(first), groupColumns.cost(currency), groupColumns.tokens()]} rows={groups} rowKey={(g) => g.id} />
}

/** One person's page: totals, daily spend, and their spend by product, model and key. */
export function PersonPage({ orgId, personId }: { orgId: string; personId: string }) {
  const range = useUsageStore()
  const s = usePeopleStore()
  const { loadPerson } = s
  useEffect(() => {
    void loadPerson(orgId, personId)
  }, [loadPerson, orgId, personId, range.choice, range.range.from, range.range.to])
  const { loadStatus } = range
  useEffect(() => {
    void loadStatus()
  }, [loadStatus, orgId])
  const d = s.person?.person.id === personId ? s.person : null
  // The service's watermark, from the sync status: the person's figures are complete up to it.
  const dataRefreshedAt = range.status.find((o) => o.orgId === orgId)?.dataRefreshedAt ?? null
  const days = useMemo(() => markPartialDays(d?.dates ?? [], dataRefreshedAt, range.timeZone), [d, dataRefreshedAt, range.timeZone])
  const currency = d?.currency ?? 'USD'
  const series = useMemo(() => (d ? [{ label: d.person.label, values: d.cost.map(Number) }] : []), [d])
  const tip = useCallback((_: number, day: number) => showMoney(d?.cost[day] ?? '0', currency), [d, currency])
  return (
    <>
      <p>
        <a href="#/people">← All people</a>
      </p>
      <RangePicker choice={range.choice} from={range.range.from} to={range.range.to} onPreset={range.choose} onCustom={(from, to) => range.setCustom({ from, to })} />
      {s.error && <ErrorMessage error={s.error} />}
      {!d && s.loading && <LoadingState label="Loading the person…" />}
      {d && (
        <>
          <h2 data-testid="person-name">{d.person.label}</h2>
          <p>
            {TYPE_LABEL[d.person.type]}
            {d.person.detail && d.person.detail !== d.person.label && <> · {d.person.detail}</>}
            {d.person.deleted && ' · no longer in the org'}
          </p>
          <p className="usage-tz">
            <DataAsOf dataRefreshedAt={dataRefreshedAt} timeZone={range.timeZone} />
          </p>
          <div className="stats">
            <StatTile
              label={`${rangeLabel(range.range, dataRefreshedAt, range.timeZone)} (${range.timeZone})`}
              value={showMoney(d.total.cost, currency)}
              hint={`${formatNumber(d.total.totalTokens)} tokens`}
              testId="person-total"
              data={{ 'data-amount': d.total.cost }}
            />
          </div>
          <div className="usage-charts">
            <StackedBarChart title={`Daily cost (${currency})`} categories={days} series={series} format={tip} />
          </div>
          <GroupTable caption="By product" first="Product" groups={d.byProduct} currency={currency} />
          <GroupTable caption="By model" first="Model" groups={d.byModel} currency={currency} />
          <GroupTable caption="By key" first="Key" groups={d.byKey} currency={currency} />
          <ClaudeCodePersonSection orgId={orgId} person={d.person} />
        </>
      )}
    </>
  )
}
