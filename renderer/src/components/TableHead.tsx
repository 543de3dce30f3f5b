/** One column header: its label, a class (e.g. `num`), and whether only screen readers read it. */
export interface Column {
  label: string
  className?: string
  hidden?: boolean
}

/** A table's header row: one `<th scope="col">` per column, given as its label or as a Column. */
export function TableHead({ columns }: { columns: readonly (string | Column)[] }) {
  return (
    <thead>
      <tr>
        {columns.map((column) => {
          const { label, className, hidden } = typeof column === 'string' ? { label: column } : column
          return (
            <th key={label} scope="col" className={className}>
              {hidden ? <span className="visually-hidden">{label}</span> : label}
            </th>
          )
        })}
      </tr>
    </thead>
  )
}
