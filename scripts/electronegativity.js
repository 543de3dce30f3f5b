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

/** Splits one CSV line (electronegativity quotes fields that may hold commas). */
function parseCsvLine(line) {
  const fields = []
  let field = ''
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const c = line[i]
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"'
        i++
      } else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      fields.push(field.trim())
      field = ''
    } else field += c
  }
  fields.push(field.trim())
  return fields
}

const dir = mkdtempSync(join(tmpdir(), 'keyward-electronegativity-'))
const csv = join(dir, 'findings.csv')
try {
  // -e: the Electron version we ship (it cannot be detected from a bundle, and the wrong defaults would be assumed).
  execFileSync(join(root, 'node_modules/.bin/electronegativity'), ['-i', join(root, 'out'), '-o', csv, '-r', '-v', 'false', '-e', electronVersion], {
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  const lines = readFileSync(csv, 'utf8').split('\n').filter(Boolean).slice(1)
  const findings = lines.map(parseCsvLine).map(([check, severity, confidence, file, location, sample]) => ({ check, severity, confidence, file, location, sample }))
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
