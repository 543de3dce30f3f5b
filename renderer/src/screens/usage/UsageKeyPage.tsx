import { useCallback, useEffect, useMemo } from 'react'
import { ErrorMessage } from '../../components/ErrorMessage'
import { StackedBarChart } from '../../components/StackedBarChart'
import { LoadingState, StatTile } from '../../components/States'
import { DataTable } from '../../components/DataTable'
import { formatNumber } from '../../format'
import { useUsageStore } from '../../stores/usage-store'
import { showMoney } from '../../money'
import { groupColumns } from './group-columns'
import { RangePicker } from './RangePicker'

/** One org API key's page: its totals, per-model split and daily cost over the chosen range. */
export function UsageKeyPage({ orgId, keyId }: { orgId: string; keyId: string }) {
  const s = useUsageStore()
  const { loadKey, choice, range } = s
  useEffect(() => {
    void loadKey(orgId, keyId)
  }, [loadKey, orgId, keyId, choice, range.from, range.to])
  const d = s.keyDetail?.key.id === keyId ? s.keyDetail : null
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
          <div className="stats">
            <StatTile
              label={`${range.from} to ${range.to} (${s.timeZone})`}
              value={showMoney(d.total.cost, currency)}
              hint={`${formatNumber(d.total.totalTokens)} tokens`}
              testId="usage-key-total"
              data={{ 'data-amount': d.total.cost }}
            />
          </div>
          <div className="usage-charts">
            <StackedBarChart title={`Daily cost (${currency})`} categories={d.dates} series={series} format={tip} />
          </div>
          <DataTable className="usage-table" caption="By model" columns={[groupColumns.label('Model'), groupColumns.cost(currency), groupColumns.tokens()]} rows={d.byModel} rowKey={(g) => g.id} />
        </>
      )}
    </>
  )
}
