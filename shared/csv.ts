/**
 * CSV as RFC 4180 writes it: CRLF between records, a field quoted when it holds a quote, a comma,
 * CR or LF, quotes doubled inside. Cells come from other programs (a tool's name, a path), so a
 * cell a spreadsheet would run as a formula (starting with = + - @, or a tab or CR that hides one)
 * is prefixed with ' (OWASP's advice on CSV injection). Zod-free, for the renderer and the CLI.
 */

/** One cell, made formula-safe and quoted as needed. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/** Records to CSV text: a header first, then one record a row, CRLF-terminated. */
export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, ...rows].map((record) => `${record.map(csvCell).join(',')}\r\n`).join('')
}
