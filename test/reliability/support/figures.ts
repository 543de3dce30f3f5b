import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

/** Where each reliability test file writes its measured figures; scripts/reliability-report.mjs renders them. */
export const RESULTS_DIR = resolve(process.env.KEYWARD_RELIABILITY_RESULTS ?? 'test-results/reliability')

/** One section of docs/reliability.md: counts, percentiles, memory, notes and skips. */
export interface Figures {
  readonly title: string
  readonly figures: Record<string, string | number | boolean | null>
  readonly notes: string[]
  readonly skipped: string[]
}

/** Collects figures during a test file and writes `<RESULTS_DIR>/<name>.json` once at the end. */
export function figureSheet(name: string, title: string) {
  const sheet: Figures = { title, figures: {}, notes: [], skipped: [] }
  return {
    set(key: string, value: string | number | boolean | null): void {
      sheet.figures[key] = value
    },
    note(line: string): void {
      sheet.notes.push(line)
    },
    /** Records and prints why something was not tested. */
    skip(line: string): void {
      sheet.skipped.push(line)
      console.log(`SKIPPED: ${line}`)
    },
    write(): void {
      mkdirSync(RESULTS_DIR, { recursive: true })
      writeFileSync(join(RESULTS_DIR, `${name}.json`), `${JSON.stringify({ ...sheet, writtenAt: new Date().toISOString() }, null, 2)}\n`)
    },
  }
}

/** The q-quantile (0..1) of `values` in ms, nearest-rank, rounded to 0.1. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
  return Math.round(sorted[rank]! * 10) / 10
}
