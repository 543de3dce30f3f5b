#!/usr/bin/env node
// Prints the gzip size of every JavaScript file the renderer ships (out/renderer/assets/*.js)
// and their total, and fails above the budget (300 KB gzip: the dashboard must open fast from the tray). Run after the build.
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

const BUDGET_BYTES = 300 * 1024
const dir = new URL('../out/renderer/assets/', import.meta.url).pathname
let files
try {
  files = readdirSync(dir).filter((f) => f.endsWith('.js'))
} catch {
  console.error(`renderer-size: ${dir} is missing; run the build first (npm run build)`)
  process.exit(1)
}
let total = 0
for (const f of files.sort()) {
  const gz = gzipSync(readFileSync(join(dir, f)), { level: 9 }).length
  total += gz
  console.log(`${(gz / 1024).toFixed(1).padStart(8)} KB gzip  ${f}`)
}
console.log(`renderer JS: ${(total / 1024).toFixed(1)} KB gzip in ${files.length} file(s); budget ${BUDGET_BYTES / 1024} KB`)
if (total > BUDGET_BYTES) {
  console.error(`renderer-size: over budget by ${((total - BUDGET_BYTES) / 1024).toFixed(1)} KB; lazy-load screens or keep zod out of the renderer`)
  process.exit(1)
}
