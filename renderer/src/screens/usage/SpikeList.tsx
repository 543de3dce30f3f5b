import type { SpikeAlert } from '../../../../shared/contract'
import { TableHead } from '../../components/TableHead'
import { showMoney } from '../../money'

/** "30 Nov, 21:00–22:00 UTC": a spike's hour, in UTC as it was detected. */
function hourLabel(iso: string): string {
  const start = new Date(iso)
  const day = start.toLocaleDateString(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' })
  const h = start.getUTCHours()
  const two = (n: number) => String(n).padStart(2, '0')
  return `${day}, ${two(h)}:00–${two((h + 1) % 24)}:00 UTC`
}

/** Recent spend spikes of an org: each hour far above its key's (or person's) usual hour. */
export function SpikeList({ spikes, currency }: { spikes: readonly SpikeAlert[]; currency: string }) {
  if (spikes.length === 0) {
    return (
      <p className="usage-tz" data-testid="usage-spikes-none">
        No spend spikes: no hour has been far above its key’s usual hour.
      </p>
    )
  }
  return (
    <table className="usage-table" data-testid="usage-spikes">
      <caption>Recent spend spikes</caption>
      <TableHead columns={['Hour', 'Key', 'Workspace', 'Person', { label: 'Spent', className: 'num' }, { label: 'Usual hour', className: 'num' }]} />
      <tbody>
        {spikes.slice(0, 10).map((a) => (
          <tr key={`${a.groupBy}/${a.subjectId}/${a.hour}`}>
            <td>{hourLabel(a.hour)}</td>
            <td>{a.key ? <a href={`#/usage/key/${encodeURIComponent(a.key.id)}`}>{a.key.name}</a> : '—'}</td>
            <td>{a.workspace ?? '—'}</td>
            <td>{a.person ?? '—'}</td>
            <td className="num">{showMoney(a.cost, currency)}</td>
            <td className="num">{showMoney(a.baseline, currency)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
