import type { UsagePeople, UsagePerson } from '../../../../shared/contract'
import { Sparkline } from '../../components/Sparkline'
import type { Column } from '../../components/columns'
import { DataTable } from '../../components/DataTable'
import { LoadMore } from '../../components/LoadMore'
import { formatNumber, formatTokens } from '../../format'
import { showMoney } from '../../money'
import { formatDateRange } from '../../dates'
import { TYPE_LABEL, claudeCodeShare, splitText } from './split'

/** The People table's columns: who, spend (exact amount in `data-amount`), tokens, Claude Code vs API, the trend, the top key and model. */
function peopleColumns(data: UsagePeople): readonly Column<UsagePerson>[] {
  const money = (amount: string) => showMoney(amount, data.currency)
  const span = formatDateRange(data.dates[0] ?? '', data.dates[data.dates.length - 1] ?? '')
  return [
    {
      key: 'person',
      header: 'Person',
      cell: (p) => (
        <>
          <a href={`#/people/person/${encodeURIComponent(p.id)}`}>{p.label}</a>
          {p.type !== 'user' && <span className="usage-tag">{TYPE_LABEL[p.type]}</span>}
          {p.detail && p.detail !== p.label && <div className="people-detail">{p.detail}</div>}
        </>
      ),
    },
    { key: 'spend', header: 'Spend', align: 'end', cell: (p) => money(p.totals.cost), cellProps: (p) => ({ 'data-amount': p.totals.cost }) },
    { key: 'tokens', header: 'Tokens', align: 'end', cell: (p) => formatTokens(p.totals.totalTokens) },
    {
      key: 'split',
      header: 'Claude Code · API',
      cell: (p) => (
        <>
          <div className="people-split" aria-hidden="true">
            <span style={{ width: `${claudeCodeShare(p)}%` }} />
          </div>
          {splitText(p, money)}
        </>
      ),
    },
    { key: 'trend', header: 'Trend', cell: (p) => <Sparkline values={p.trend.map(Number)} label={`Daily spend of ${p.label}, ${span}`} /> },
    {
      key: 'top',
      header: 'Top key · model',
      cell: (p) => (
        <>
          {p.topKey ? p.topKey.label : 'no key'}
          {p.topModel && <div className="people-detail">{p.topModel}</div>}
        </>
      ),
    },
  ]
}

/** Everyone's spend: tokens, Claude Code vs API, the daily trend, and the top key and model. */
export function PeopleTable({ data }: { data: UsagePeople }) {
  return (
    <div className="table-scroll">
      <DataTable
        className="usage-table people-table"
        data-testid="people-table"
        caption={`People and other identities, ${formatDateRange(data.range.from, data.range.to)}`}
        columns={peopleColumns(data)}
        rows={data.people}
        rowKey={(p) => p.id}
        rowProps={(p) => ({ 'data-testid': 'person-row', 'data-person-id': p.id })}
      />
    </div>
  )
}

/** Under the People table: how many of everyone are shown (biggest spend first), and "Load more" while some are not. */
export function PeopleMore({ data, loading, onMore }: { data: UsagePeople; loading: boolean; onMore(): void }) {
  if (data.people.length >= data.count) return null
  return (
    <p className="usage-tz" data-testid="people-more">
      Showing {formatNumber(data.people.length)} of {formatNumber(data.count)}, biggest spend first; the total above is everyone&apos;s.{' '}
      <LoadMore nextCursor="more" loading={loading} onMore={onMore} />
    </p>
  )
}
