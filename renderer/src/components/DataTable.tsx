import type { ReactNode } from 'react'
import type { CellAttributes, Column } from './columns'
import { Truncated } from './Truncated'

/** Attributes a row may carry: test ids and raw identifiers as `data-*`. */
export type RowAttributes = Readonly<Record<`data-${string}`, string | undefined>>

/** What a DataTable needs: the columns, the rows keyed by `rowKey`, and how the table is named. */
export interface DataTableProps<T> {
  readonly columns: readonly Column<T>[]
  readonly rows: readonly T[]
  /** A stable key per row; the index is for rows with no identity of their own. */
  readonly rowKey: (row: T, index: number) => string
  readonly caption?: ReactNode
  readonly rowProps?: (row: T) => RowAttributes
  readonly className?: string
  readonly 'aria-label'?: string
  readonly 'aria-labelledby'?: string
  readonly 'data-testid'?: string
}

/** A cell's content; in a truncating column, text is cut with an ellipsis, whole on hover. */
function cellContent<T>(column: Column<T>, row: T): ReactNode {
  const content = column.cell(row)
  if (column.truncate === undefined || (typeof content !== 'string' && typeof content !== 'number')) return content
  return <Truncated text={String(content)} maxWidth={column.truncate} />
}

function cellClass(column: Column<unknown>, own: string | undefined): string | undefined {
  const classes = [column.align === 'end' ? 'num' : undefined, own].filter(Boolean)
  return classes.length > 0 ? classes.join(' ') : undefined
}

/**
 * A table drawn from one column list: one header cell and one body cell per column in every row,
 * so the header and the cells cannot drift apart. For lists that can grow long, use VirtualTable
 * with the same columns.
 */
export function DataTable<T>({ columns, rows, rowKey, caption, rowProps, ...table }: DataTableProps<T>) {
  return (
    <table {...table}>
      {caption !== undefined && <caption>{caption}</caption>}
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column.key} scope="col" className={cellClass(column as Column<unknown>, undefined)}>
              {column.headerHidden ? <span className="visually-hidden">{column.header}</span> : column.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, index) => (
          <tr key={rowKey(row, index)} {...rowProps?.(row)}>
            {columns.map((column) => {
              const { className, ...rest }: CellAttributes = column.cellProps?.(row) ?? {}
              const props = { ...rest, className: cellClass(column as Column<unknown>, className) }
              return column.rowHeader ? (
                <th key={column.key} scope="row" {...props}>
                  {cellContent(column, row)}
                </th>
              ) : (
                <td key={column.key} {...props}>
                  {cellContent(column, row)}
                </td>
              )
            })}
          </tr>
        ))}
      </tbody>
    </table>
  )
}
