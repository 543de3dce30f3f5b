import type { ReactNode } from 'react'

/** Shown while data loads: announced politely to screen readers, with a spinner for everyone else. */
export function LoadingState({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  )
}

/** Shown when a list is empty: what this place is for, and the first thing to do. */
export function EmptyState({ title, children, action, testId }: { title: string; children?: ReactNode; action?: ReactNode; testId?: string }) {
  return (
    <div className="state state-empty" data-testid={testId}>
      <p className="state-title">{title}</p>
      {children && <div className="state-body">{children}</div>}
      {action && <div className="state-action">{action}</div>}
    </div>
  )
}

/** A screen's title row: the heading (the target of the skip link's focus) and its actions. */
export function ScreenHeader({ id, title, children }: { id: string; title: string; children?: ReactNode }) {
  return (
    <div className="screen-header">
      <h1 id={id}>{title}</h1>
      {children && <div className="screen-actions">{children}</div>}
    </div>
  )
}

/** What a StatTile shows and how tests and e2e specs find it. */
export interface StatTileProps {
  readonly label: ReactNode
  readonly value: string
  readonly hint?: string | undefined
  readonly tone?: 'neutral' | 'ok' | 'warning' | 'danger'
  readonly testId?: string | undefined
  /** Raw figures behind the shown value (`data-amount`, `data-low`…), so tests compare exact amounts, not formatted text. */
  readonly data?: Readonly<Record<`data-${string}`, string>> | undefined
}

/** A figure with its label, for summaries (spend today, keys in use); the one way a stat tile is drawn. */
export function StatTile({ label, value, hint, tone = 'neutral', testId, data }: StatTileProps) {
  return (
    <div className={`stat stat-${tone}`} data-testid={testId} {...data}>
      <div className="stat-label">{label}</div>
      <div className="stat-value">{value}</div>
      {hint && <div className="stat-hint">{hint}</div>}
    </div>
  )
}
