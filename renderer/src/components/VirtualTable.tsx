import { type KeyboardEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react'
import type { Column } from './columns'

/** What the table needs; rows are any objects, keyed by `rowKey`. */
export interface VirtualTableProps<T> {
  readonly label: string
  readonly columns: readonly Column<T>[]
  readonly rows: readonly T[]
  readonly rowKey: (row: T) => string
  /** Every row has this height in px; fixed heights keep scrolling O(1). */
  readonly rowHeight?: number
  /** The scrolling body's height in px. */
  readonly height?: number
  /** Enter or double-click on a row. */
  readonly onActivate?: (row: T) => void
  /** Rendered instead of the table when there are no rows. */
  readonly empty?: ReactNode
}

/** How many rows to render above and below the visible ones, so fast scrolling shows no gaps. */
const OVERSCAN = 6

/** Which rows to render for a scroll position: the visible ones plus the overscan. */
export function visibleRange(scrollTop: number, height: number, rowHeight: number, count: number): { start: number; end: number } {
  const start = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN)
  const end = Math.min(count, Math.ceil((scrollTop + height) / rowHeight) + OVERSCAN)
  return { start, end }
}

/**
 * A table for long lists (API keys, usage rows, the audit log): only the rows in view are in the
 * DOM. It keeps table semantics through ARIA (`aria-rowcount`, `aria-rowindex`) so screen readers
 * know the full size, and it is keyboard-driven: Tab into it, then arrows, Page Up/Down, Home/End
 * move between rows, Enter activates one.
 */
export function VirtualTable<T>({ label, columns, rows, rowKey, rowHeight = 40, height = 480, onActivate, empty }: VirtualTableProps<T>) {
  const bodyRef = useRef<HTMLDivElement>(null)
  const [scrollTop, setScrollTop] = useState(0)
  const [active, setActive] = useState(0)
  const [focusWanted, setFocusWanted] = useState(false)
  const id = useId()
  const template = columns.map((c) => c.width ?? 'minmax(0, 1fr)').join(' ')
  const viewport = Math.min(height, Math.max(rows.length, 1) * rowHeight)
  const { start, end } = visibleRange(scrollTop, viewport, rowHeight, rows.length)
  const activeIndex = Math.min(active, Math.max(rows.length - 1, 0))

  useEffect(() => {
    if (!focusWanted) return
    const body = bodyRef.current
    if (!body) return
    // Scroll the active row into view first, so it is rendered, then focus it.
    const top = activeIndex * rowHeight
    if (top < body.scrollTop) body.scrollTop = top
    else if (top + rowHeight > body.scrollTop + viewport) body.scrollTop = top + rowHeight - viewport
    setScrollTop(body.scrollTop)
    const row = body.querySelector<HTMLElement>(`[data-index="${activeIndex}"]`)
    if (row) {
      row.focus({ preventScroll: true })
      setFocusWanted(false)
    }
  }, [focusWanted, activeIndex, rowHeight, viewport, start, end])

  if (rows.length === 0 && empty) return <>{empty}</>

  const move = (to: number) => {
    setActive(Math.max(0, Math.min(rows.length - 1, to)))
    setFocusWanted(true)
  }
  const page = Math.max(1, Math.floor(viewport / rowHeight) - 1)
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(activeIndex + 1),
      ArrowUp: () => move(activeIndex - 1),
      PageDown: () => move(activeIndex + page),
      PageUp: () => move(activeIndex - page),
      Home: () => move(0),
      End: () => move(rows.length - 1),
      Enter: () => rows[activeIndex] !== undefined && onActivate?.(rows[activeIndex]!),
    }
    const action = keys[event.key]
    if (action) {
      event.preventDefault()
      action()
    }
  }

  return (
    <div className="vtable" role="table" aria-label={label} aria-rowcount={rows.length + 1}>
      <div className="vtable-head" role="rowgroup">
        <div className="vtable-row" role="row" aria-rowindex={1} style={{ gridTemplateColumns: template }}>
          {columns.map((c) => (
            <div key={c.key} role="columnheader" className={c.align === 'end' ? 'align-end' : undefined}>
              {c.headerHidden ? <span className="visually-hidden">{c.header}</span> : c.header}
            </div>
          ))}
        </div>
      </div>
      <div ref={bodyRef} className="vtable-body" role="rowgroup" style={{ height: viewport }} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)} onKeyDown={onKeyDown}>
        <div style={{ height: rows.length * rowHeight, position: 'relative' }}>
          {rows.slice(start, end).map((row, i) => {
            const index = start + i
            return (
              <div
                key={rowKey(row)}
                id={`${id}-row-${index}`}
                className="vtable-row"
                role="row"
                aria-rowindex={index + 2}
                data-index={index}
                tabIndex={index === activeIndex ? 0 : -1}
                onFocus={() => setActive(index)}
                onClick={() => setActive(index)}
                onDoubleClick={() => onActivate?.(row)}
                style={{ position: 'absolute', top: index * rowHeight, height: rowHeight, left: 0, right: 0, gridTemplateColumns: template }}
              >
                {columns.map((c) => {
                  const { className, ...rest } = c.cellProps?.(row) ?? {}
                  const classes = [c.align === 'end' ? 'align-end' : undefined, className].filter(Boolean).join(' ')
                  return (
                    <div key={c.key} role={c.rowHeader ? 'rowheader' : 'cell'} {...rest} className={classes || undefined}>
                      {c.cell(row)}
                    </div>
                  )
                })}
              </div>
            )
          })}
        </div>
      </div>
    </div>
  )
}
