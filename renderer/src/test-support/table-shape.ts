import { expect } from 'vitest'

/**
 * Asserts that every body row of every table in `container` has exactly one cell per header cell,
 * so no value sits under no header. It works for native tables and for ARIA tables (VirtualTable),
 * and it fails when there is no table or no row at all, so a fixture that renders nothing cannot
 * pass by accident. Returns how many rows it checked.
 */
export function expectEveryCellUnderAHeader(container: ParentNode): number {
  const tables = [...container.querySelectorAll<HTMLElement>('table, [role="table"]')]
  expect(tables.length, 'tables rendered').toBeGreaterThan(0)
  let checked = 0
  for (const table of tables) {
    const name = table.getAttribute('aria-label') ?? table.querySelector('caption')?.textContent ?? table.getAttribute('data-testid') ?? 'a table'
    const native = table.tagName === 'TABLE'
    const headers = native ? table.querySelectorAll(':scope > thead > tr > th') : table.querySelectorAll('[role="columnheader"]')
    const rows = native ? [...table.querySelectorAll<HTMLElement>(':scope > tbody > tr')] : [...table.querySelectorAll<HTMLElement>('[role="rowgroup"] + [role="rowgroup"] [role="row"]')]
    expect(headers.length, `header cells of ${name}`).toBeGreaterThan(0)
    for (const row of rows) {
      const cells = native ? row.querySelectorAll(':scope > td, :scope > th') : row.querySelectorAll(':scope > [role="cell"], :scope > [role="rowheader"]')
      expect(cells.length, `cells in a row of ${name}: ${row.textContent ?? ''}`).toBe(headers.length)
      checked += 1
    }
  }
  expect(checked, 'table rows rendered').toBeGreaterThan(0)
  return checked
}
