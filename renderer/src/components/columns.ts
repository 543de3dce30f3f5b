import type { ReactNode } from 'react'

/** Attributes a cell may carry besides its content: a class, a tooltip, a test id, raw figures as `data-*`. */
export interface CellAttributes {
  readonly className?: string | undefined
  readonly title?: string | undefined
  readonly 'data-testid'?: string | undefined
  readonly [data: `data-${string}`]: string | undefined
}

/**
 * One column of a table: its header and how to render a row's cell, declared together, so a value
 * can never sit under no header and a column is added or removed in one place. Both DataTable and
 * VirtualTable draw from the same list.
 */
export interface Column<T> {
  readonly key: string
  readonly header: string
  readonly cell: (row: T) => ReactNode
  /** `end` for figures: right-aligned, tabular digits. */
  readonly align?: 'start' | 'end'
  /** The header is read by screen readers only (an "Actions" column of buttons). */
  readonly headerHidden?: boolean
  /** The cell names its row (`<th scope="row">`), as a profile or a directory does. */
  readonly rowHeader?: boolean
  /** Attributes of the row's cell in this column. */
  readonly cellProps?: (row: T) => CellAttributes
  /**
   * The cell's text stays on one line, cut with an ellipsis past this width (a CSS length) with the
   * whole text on hover: for names, emails, hints and paths, which must never break mid-word.
   */
  readonly truncate?: string
  /** The column's width as a CSS grid track (VirtualTable only). */
  readonly width?: string
}
