import type { UsagePeople } from '../../../../shared/contract'
import { Sparkline } from '../../components/Sparkline'
import { TableHead } from '../../components/TableHead'
import { formatTokens } from '../../format'
import { showMoney } from '../../money'
import { TYPE_LABEL, claudeCodeShare } from './split'

/** Everyone's spend: tokens, Claude Code vs API, the daily trend, and the top key and model. */
export function PeopleTable({ data }: { data: UsagePeople }) {
  const money = (amount: string) => showMoney(amount, data.currency)
  return (
    <div className="table-scroll">
      <table className="usage-table people-table" data-testid="people-table">
        <caption>
          People and other identities, {data.range.from} to {data.range.to}
        </caption>
        <TableHead
          columns={['Person', { label: 'Spend', className: 'num' }, { label: 'Tokens', className: 'num' }, 'Claude Code · API', 'Trend', 'Top key · model']}
        />
        <tbody>
          {data.people.map((p) => (
            <tr key={p.id} data-testid="person-row" data-person-id={p.id}>
              <td>
                <a href={`#/people/person/${encodeURIComponent(p.id)}`}>{p.label}</a>
                {p.type !== 'user' && <span className="usage-tag">{TYPE_LABEL[p.type]}</span>}
                {p.detail && p.detail !== p.label && <div className="people-detail">{p.detail}</div>}
              </td>
              <td className="num" data-amount={p.totals.cost}>
                {money(p.totals.cost)}
              </td>
              <td className="num">{formatTokens(p.totals.totalTokens)}</td>
              <td>
                <div className="people-split" aria-hidden="true">
                  <span style={{ width: `${claudeCodeShare(p)}%` }} />
                </div>
                {money(p.claudeCodeCost)} · {money(p.apiCost)}
              </td>
              <td>
                <Sparkline values={p.trend.map(Number)} label={`Daily spend of ${p.label}, ${data.dates[0] ?? ''} to ${data.dates[data.dates.length - 1] ?? ''}`} />
              </td>
              <td>
                {p.topKey ? p.topKey.label : 'no key'}
                {p.topModel && <div className="people-detail">{p.topModel}</div>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
