/**
 * A small inline trend line for a table cell: one point per day, scaled to the largest. Values
 * are for drawing only; `label` says in words what it shows, for screen readers.
 */
export function Sparkline({ values, label }: { values: readonly number[]; label: string }) {
  const width = 96
  const height = 24
  const max = Math.max(0, ...values)
  const step = values.length > 1 ? width / (values.length - 1) : 0
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${(height - 2 - (max > 0 ? (v / max) * (height - 4) : 0)).toFixed(1)}`).join(' ')
  return (
    <svg className="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
      <polyline points={points} fill="none" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  )
}
