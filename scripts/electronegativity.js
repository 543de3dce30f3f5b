#!/usr/bin/env node
// The `security` step of npm test: runs @doyensec/electronegativity on the built app (out/: main,
// preload, renderer) and fails on any HIGH or MEDIUM finding that has no written justification in
// docs/electronegativity-justifications.json. A justification names the check, the file and a
// piece of the flagged code, so it covers that exact finding and nothing else.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const justificationsFile = join(root, 'docs/electronegativity-justifications.json')
const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version

/**
 * Parses electronegativity's CSV: fields may be quoted, hold commas, doubled quotes and newlines (a
 * flagged sample can span lines), so records are split here rather than by line.
 */
function parseCsv(text) {
  const records = []
  let record = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      record.push(field.trim())
      field = ''
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++
      record.push(field.trim())
      if (record.some((f) => f !== '')) records.push(record)
      record = []
      field = ''
    } else field += c
  }
  record.push(field.trim())
  if (record.some((f) => f !== '')) records.push(record)
  return records
}

const dir = mkdtempSync(join(tmpdir(), 'keyward-electronegativity-'))
const csv = join(dir, 'findings.csv')
try {
  // -e: the Electron version we ship (it cannot be detected from a bundle, and the wrong defaults would be assumed).
  const scan = () => {
    execFileSync(join(root, 'node_modules/.bin/electronegativity'), ['-i', join(root, 'out'), '-o', csv, '-r', '-v', 'false', '-e', electronVersion], {
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    return parseCsv(readFileSync(csv, 'utf8')).slice(1)
  }
  // The tool writes the CSV header and the rows with two unawaited writeFile calls (util/file.js), so
  // now and then the header lands over the first row; a scan whose report is damaged so is run again.
  let records = scan()
  for (let attempt = 1; attempt < 3 && records.some((r) => r.length < 6); attempt++) records = scan()
  const malformed = records.filter((r) => r.length < 6)
  if (malformed.length > 0) {
    console.error(`electronegativity: ${malformed.length} line(s) of its report could not be read (${JSON.stringify(malformed[0]).slice(0, 120)}); rerun, or report the tool's output`)
    process.exit(1)
  }
  const findings = records.map(([check, severity, confidence, file, location, sample]) => ({ check, severity, confidence, file, location, sample }))
  const justifications = JSON.parse(readFileSync(justificationsFile, 'utf8'))
  const justified = (f) => justifications.find((j) => j.check === f.check && j.file === f.file && f.sample.includes(j.sample) && j.justification?.length > 20)
  const serious = findings.filter((f) => f.severity === 'HIGH' || f.severity === 'MEDIUM')
  const unjustified = serious.filter((f) => !justified(f))
  for (const f of findings) {
    const j = justified(f)
    const mark = j ? 'justified' : f.severity === 'HIGH' || f.severity === 'MEDIUM' ? 'FAIL' : 'info'
    console.log(`${mark.padEnd(9)} ${f.severity.padEnd(6)} ${f.check} ${f.file}:${f.location} ${f.sample.slice(0, 80)}`)
  }
  const unused = justifications.filter((j) => !findings.some((f) => j.check === f.check && j.file === f.file && f.sample.includes(j.sample)))
  for (const j of unused) console.log(`stale     ${j.check} ${j.file}: this justification matches no finding; remove it`)
  console.log(`electronegativity: ${findings.length} findings, ${serious.length} HIGH/MEDIUM, ${serious.length - unjustified.length} justified, ${unjustified.length} unjustified`)
  if (unjustified.length > 0 || unused.length > 0) {
    console.error('electronegativity: fix the findings marked FAIL, or justify each in docs/electronegativity-justifications.json')
    process.exit(1)
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
