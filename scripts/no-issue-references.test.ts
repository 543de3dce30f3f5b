import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { expect, it } from 'vitest'

/*
 * Code, tests, scripts and docs state each decision itself, never "see issue N §M": a reader of a
 * clean clone has no tracker to look it up in.
 */

const root = resolve(import.meta.dirname, '..')
const word = ['iss', 'ue'].join('')
const REFERENCE = new RegExp(`\\b${word}s? ?#?\\d+|§ ?\\d`, 'i')

/** Each line of `text` that cites a tracker item instead of saying the decision, as `file:line: text`. */
export function trackerReferences(file: string, text: string): string[] {
  return text.split('\n').flatMap((line, i) => (REFERENCE.test(line) ? [`${file}:${i + 1}: ${line.trim().slice(0, 120)}`] : []))
}

it('finds a reference in the forms it is written', () => {
  const cited = [`see ${word} 14`, `(${word} 10, finding 8)`, `${word}s 10 and 11`, 'as \u00a73 says', `${word} #12`]
  expect(cited.flatMap((line) => trackerReferences('x', line))).toHaveLength(cited.length)
  expect(trackerReferences('x', 'the tissue 3 layers; an issuer 4 ids')).toEqual([])
})

it('no tracked file cites a tracker item', () => {
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' })
    .split('\0')
    .filter((f) => f !== '' && f !== 'package-lock.json' && /\.(ts|tsx|js|mjs|cjs|sh|md|yml|json|css|html)$|^bin\/|^\.ci\//.test(f))
  expect(files.length).toBeGreaterThan(100)
  const found = files.flatMap((f) => trackerReferences(f, readFileSync(join(root, f), 'utf8')))
  expect(found, 'write the decision itself instead of citing the tracker').toEqual([])
})
