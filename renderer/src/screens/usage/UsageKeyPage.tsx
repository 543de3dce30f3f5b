import { useCallback, useEffect, useMemo } from 'react'
import { ErrorMessage } from '../../components/ErrorMessage'
import { StackedBarChart } from '../../components/StackedBarChart'
import { LoadingState, StatTile } from '../../components/States'
import { DataTable } from '../../components/DataTable'
import { DataAsOf } from '../../components/DataAsOf'
import { formatNumber } from '../../format'
import { useUsageStore } from '../../stores/usage-store'
import { showMoney } from '../../money'
import { groupColumns } from './group-columns'
import { RangePicker } from './RangePicker'
import { markPartialDays, rangeLabel } from './partial-days'

/** One org API key's page: its totals, per-model split and daily cost over the chosen range. */
export function UsageKeyPage({ orgId, keyId }: { orgId: string; keyId: string }) {
  const s = useUsageStore()
  const { loadKey, loadStatus, choice, range } = s
  useEffect(() => {
    void loadKey(orgId, keyId)
  }, [loadKey, orgId, keyId, choice, range.from, range.to])
  useEffect(() => {
    void loadStatus()
  }, [loadStatus, orgId])
  const d = s.keyDetail?.key.id === keyId ? s.keyDetail : null
  const dataRefreshedAt = s.status.find((o) => o.orgId === orgId)?.dataRefreshedAt ?? null
  const days = useMemo(() => markPartialDays(d?.dates ?? [], dataRefreshedAt, s.timeZone), [d, dataRefreshedAt, s.timeZone])
  const currency = d?.currency ?? 'USD'
  const series = useMemo(() => (d ? [{ label: d.key.name, values: d.cost.map(Number) }] : []), [d])
  const tip = useCallback((_: number, day: number) => showMoney(d?.cost[day] ?? '0', currency), [d, currency])
  return (
    <>
      <p>
        <a href="#/usage">← All usage</a>
      </p>
      <RangePicker choice={choice} from={range.from} to={range.to} onPreset={s.choose} onCustom={(from, to) => s.setCustom({ from, to })} />
      {s.error && <ErrorMessage error={s.error} />}
      {!d && s.loading && <LoadingState label="Loading the key…" />}
      {d && (
        <>
          <h2 data-testid="usage-key-name">{d.key.name}</h2>
          <p>
            <code>{d.key.hint ?? d.key.id}</code> · {d.key.workspace ?? 'Default workspace'} · {d.key.status ?? 'unknown status'} · {d.key.profile ? `profile ${d.key.profile}` : 'not in Keyward'}
          </p>
          <p className="usage-tz">
            <DataAsOf dataRefreshedAt={dataRefreshedAt} timeZone={s.timeZone} />
          </p>
          <div className="stats">
            <StatTile
              label={`${rangeLabel(range, dataRefreshedAt, s.timeZone)} (${s.timeZone})`}
              value={showMoney(d.total.cost, currency)}
              hint={`${formatNumber(d.total.totalTokens)} tokens`}
              testId="usage-key-total"
              data={{ 'data-amount': d.total.cost }}
            />
          </div>
          <div className="usage-charts">
            <StackedBarChart title={`Daily cost (${currency})`} categories={days} series={series} format={tip} />
          </div>
          <DataTable className="usage-table" caption="By model" columns={[groupColumns.label('Model'), groupColumns.cost(currency), groupColumns.tokens()]} rows={d.byModel} rowKey={(g) => g.id} />
        </>
      )}
    </>
  )
}
