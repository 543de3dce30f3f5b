import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js'
import { useEffect, useRef } from 'react'

// Only what a stacked bar chart needs, so the bundle carries no other chart types.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend)

/** One stacked series: a label and one value per category. */
export interface BarSeries {
  readonly label: string
  readonly values: readonly number[]
}

const PALETTE = ['#6C5BB9', '#3E7FC1', '#2F9E6A', '#C9772A', '#B8434E', '#4BA3A8', '#A05FA8', '#8A8F2E', '#9A9A9A']

/**
 * A stacked bar chart over categories (days). Values are for drawing only: money stays exact in
 * the tables and tooltips, which format with `format` from the exact strings the caller keeps.
 */
export function StackedBarChart({
  title,
  categories,
  series,
  format,
}: {
  title: string
  categories: readonly string[]
  series: readonly BarSeries[]
  format: (seriesIndex: number, dayIndex: number) => string
}) {
  const canvas = useRef<HTMLCanvasElement | null>(null)
  useEffect(() => {
    const ctx = canvas.current?.getContext?.('2d')
    if (!ctx) return
    const chart = new Chart(ctx, {
      type: 'bar',
      data: {
        labels: [...categories],
        datasets: series.map((s, i) => ({ label: s.label, data: [...s.values], backgroundColor: PALETTE[i % PALETTE.length], stack: 'all' })),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } },
        plugins: { tooltip: { callbacks: { label: (item) => `${item.dataset.label ?? ''}: ${format(item.datasetIndex, item.dataIndex)}` } } },
      },
    })
    return () => chart.destroy()
  }, [categories, series, format])
  return (
    <figure className="usage-chart">
      <figcaption>{title}</figcaption>
      <div className="usage-chart-canvas">
        <canvas ref={canvas} role="img" aria-label={`${title}, stacked by day`} />
      </div>
    </figure>
  )
}
