import { useCallback, useEffect, useMemo } from 'react'
import type { UsageGroup } from '../../../../shared/contract'
import type { Column } from '../../components/columns'
import { ErrorMessage } from '../../components/ErrorMessage'
import { StackedBarChart } from '../../components/StackedBarChart'
import { LoadingState, StatTile } from '../../components/States'
import { DataTable } from '../../components/DataTable'
import { DataAsOf } from '../../components/DataAsOf'
import { isPartialDate } from '../../../../shared/data-age'
import { formatNumber, formatTokens } from '../../format'
import { formatDateTime } from '../../dates'
import { useUsageStore } from '../../stores/usage-store'
import { showMoney } from '../../money'
import { ProjectionTile } from './ProjectionTile'
import { groupColumns } from './group-columns'
import { RangePicker } from './RangePicker'
import { SpikeList } from './SpikeList'
import { markPartialDays, rangeLabel } from './partial-days'
import { ClaudeCodeTeamTotal } from '../people/ClaudeCodeActivity'

/** A top key's name, linked to its page unless the usage came without a key; a key Keyward does not hold is tagged. */
const keyColumn: Column<UsageGroup> = {
  key: 'key',
  header: 'Key',
  cell: (g) => (
    <>
      {g.kind === 'unattributed' ? g.label : <a href={`#/usage/key/${encodeURIComponent(g.id)}`}>{g.label}</a>}
      {g.kind === 'unmatched' && <span className="usage-tag">not in Keyward</span>}
    </>
  ),
}

/** The usage dashboard of one org: today and month to date, stacked daily charts, the top keys. */
export function UsageDashboard({ orgId }: { orgId: string }) {
  const s = useUsageStore()
  const { load, choice, range, by, breakdownBy } = s
  useEffect(() => {
    void load(orgId)
  }, [load, orgId, choice, range.from, range.to, by, breakdownBy])
  const currency = s.month?.currency ?? 'USD'
  const daily = s.daily
  const costSeries = useMemo(() => (daily?.series ?? []).map((x) => ({ label: x.label, values: x.cost.map(Number) })), [daily])
  const tokenSeries = useMemo(() => (daily?.series ?? []).map((x) => ({ label: x.label, values: x.tokens })), [daily])
  const costTip = useCallback((i: number, d: number) => showMoney(daily?.series[i]?.cost[d] ?? '0', currency), [daily, currency])
  const tokenTip = useCallback((i: number, d: number) => formatNumber(daily?.series[i]?.tokens[d] ?? 0), [daily])
  const status = s.status.find((o) => o.orgId === orgId)
  // The service's watermark: the summary's (the figures shown), else the sync status's.
  const dataRefreshedAt = s.month?.dataRefreshedAt ?? status?.dataRefreshedAt ?? null
  const todayPartial = s.today !== null && isPartialDate(s.today.range.to, dataRefreshedAt, s.timeZone)
  const days = useMemo(() => markPartialDays(daily?.dates ?? [], dataRefreshedAt, s.timeZone), [daily, dataRefreshedAt, s.timeZone])
  const keyMonthEnd = useMemo(() => new Map((s.keyProjection?.groups ?? []).map((g) => [g.id, g])), [s.keyProjection])
  const breakdownMonthEnd = useMemo(() => new Map((s.breakdownProjection?.groups ?? []).map((g) => [g.id, g])), [s.breakdownProjection])
  return (
    <>
      <RangePicker choice={choice} from={range.from} to={range.to} onPreset={s.choose} onCustom={(from, to) => s.setCustom({ from, to })} />
      <p className="usage-tz" data-testid="usage-tz">
        Today and this month follow your time zone ({s.timeZone}). Days before the last 48 hours are whole UTC days, as the Admin API reports them.{' '}
        {status?.lastSyncedAt ? `Last synced ${formatDateTime(status.lastSyncedAt)}.` : 'Not synced yet.'} <DataAsOf dataRefreshedAt={dataRefreshedAt} timeZone={s.timeZone} />{' '}
        {status?.state === 'syncing' && `Syncing (${status.windowsDone}/${status.windowsTotal})…`}
        <button type="button" onClick={() => void s.syncNow(orgId)} disabled={s.syncing}>
          {s.syncing ? 'Syncing…' : 'Sync now'}
        </button>
      </p>
      {status?.lastError && <ErrorMessage error={{ code: 'UNAVAILABLE', message: `Last sync failed; showing the cached data. ${status.lastError.message}` }} />}
      {s.error && <ErrorMessage error={s.error} />}
      <div className="stats">
        <StatTile
          label={todayPartial ? 'Today so far' : 'Today'}
          value={s.today ? showMoney(s.today.total.cost, currency) : '—'}
          hint={s.today ? `${formatTokens(s.today.total.totalTokens)} tokens` : ''}
          testId="usage-today"
          data={{ 'data-amount': s.today?.total.cost ?? '' }}
        />
        <StatTile
          label="Month to date"
          value={s.month ? showMoney(s.month.total.cost, currency) : '—'}
          hint={s.month ? `${formatTokens(s.month.total.totalTokens)} tokens` : ''}
          testId="usage-mtd"
          data={{ 'data-amount': s.month?.total.cost ?? '' }}
        />
        <StatTile
          label={rangeLabel(range, dataRefreshedAt, s.timeZone)}
          value={s.keys ? showMoney(s.keys.total.cost, currency) : '—'}
          hint={s.keys ? `${formatTokens(s.keys.total.totalTokens)} tokens` : ''}
          testId="usage-range-total"
          data={{ 'data-amount': s.keys?.total.cost ?? '' }}
        />
        <ProjectionTile projection={s.keyProjection} currency={currency} />
      </div>
      <SpikeList spikes={s.spikes} currency={currency} />
      <ClaudeCodeTeamTotal orgId={orgId} />
      {s.products && s.products.groups.length > 0 && (
        <DataTable
          className="usage-table"
          data-testid="usage-products"
          caption="By product"
          columns={[groupColumns.label('Product'), groupColumns.cost(currency), groupColumns.tokens(), groupColumns.requests()]}
          rows={s.products.groups}
          rowKey={(g) => g.id}
        />
      )}
      <div className="usage-toolbar" role="group" aria-label="Stack charts by">
        Stack by{' '}
        <button type="button" aria-pressed={by === 'key'} onClick={() => s.setBy('key')}>
          Key
        </button>
        <button type="button" aria-pressed={by === 'model'} onClick={() => s.setBy('model')}>
          Model
        </button>
      </div>
      {s.loading && !daily && <LoadingState label="Loading usage…" />}
      {daily && (
        <div className="usage-charts">
          <StackedBarChart title={`Daily cost (${currency})`} categories={days} series={costSeries} format={costTip} />
          <StackedBarChart title="Daily tokens" categories={days} series={tokenSeries} format={tokenTip} />
        </div>
      )}
      {s.keys && (
        <DataTable
          className="usage-table"
          data-testid="top-keys"
          caption="Top keys"
          columns={[
            keyColumn,
            groupColumns.detail('Hint · profile'),
            groupColumns.cost(currency),
            groupColumns.tokens(),
            groupColumns.requests(),
            groupColumns.monthEnd(keyMonthEnd, currency, 'key-projection'),
          ]}
          rows={s.keys.groups.slice(0, 20)}
          rowKey={(g) => g.id}
        />
      )}
      <div className="usage-toolbar" role="group" aria-label="Break spend out by">
        Spend by{' '}
        {(['project', 'profile', 'workspace'] as const).map((d) => (
          <button key={d} type="button" aria-pressed={breakdownBy === d} onClick={() => s.setBreakdownBy(d)}>
            {d[0]!.toUpperCase() + d.slice(1)}
          </button>
        ))}
      </div>
      {s.breakdown && (
        <DataTable
          className="usage-table"
          data-testid="usage-breakdown"
          caption={
            <>
              By {breakdownBy}
              {breakdownBy === 'project' && ' (a project counts only keys bound to it alone; shared keys are counted once, as shared)'}
            </>
          }
          columns={[
            groupColumns.label(breakdownBy[0]!.toUpperCase() + breakdownBy.slice(1)),
            groupColumns.detail(),
            groupColumns.cost(currency),
            groupColumns.tokens(),
            groupColumns.monthEnd(breakdownMonthEnd, currency, 'breakdown-projection'),
          ]}
          rows={s.breakdown.groups}
          rowKey={(g) => g.id}
        />
      )}
    </>
  )
}
