import type { SpikeAlert } from '../../../../shared/contract'
import type { Column } from '../../components/columns'
import { DataTable } from '../../components/DataTable'
import { formatDate } from '../../dates'
import { showMoney } from '../../money'

/** "Nov 30, 2026, 21:00–22:00 UTC": a spike's hour, in UTC as it was detected. */
function hourLabel(iso: string): string {
  const start = new Date(iso)
  const day = formatDate(iso, undefined, 'UTC')
  const h = start.getUTCHours()
  const two = (n: number) => String(n).padStart(2, '0')
  return `${day}, ${two(h)}:00–${two((h + 1) % 24)}:00 UTC`
}

/** A spike's hour, key, workspace and person, what it cost and what the key's usual hour costs. */
function spikeColumns(currency: string): readonly Column<SpikeAlert>[] {
  return [
    { key: 'hour', header: 'Hour', cell: (a) => hourLabel(a.hour) },
    { key: 'key', header: 'Key', cell: (a) => (a.key ? <a href={`#/usage/key/${encodeURIComponent(a.key.id)}`}>{a.key.name}</a> : '—') },
    { key: 'workspace', header: 'Workspace', cell: (a) => a.workspace ?? '—' },
    { key: 'person', header: 'Person', cell: (a) => a.person ?? '—' },
    { key: 'spent', header: 'Spent', align: 'end', cell: (a) => showMoney(a.cost, currency) },
    { key: 'usual', header: 'Usual hour', align: 'end', cell: (a) => showMoney(a.baseline, currency) },
  ]
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
    <DataTable
      className="usage-table"
      data-testid="usage-spikes"
      caption="Recent spend spikes"
      columns={spikeColumns(currency)}
      rows={spikes.slice(0, 10)}
      rowKey={(a) => `${a.groupBy}/${a.subjectId}/${a.hour}`}
    />
  )
}
