import { existsSync, readFileSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { procedures } from '../../../shared/contract'

/*
 * The built bundles of the fast path (cli.vite.config.ts: out/cli/helper/, out/cli/statusline/)
 * load no zod, no contract and no SDK: the lint rule keeps the sources so, this checks what ships.
 * Each entry is followed through every chunk it requires or imports, and each file is searched for
 * telltale text of the three. The same search over the full CLI (out/cli/keyward.js) must find all
 * three, so a marker that stopped meaning anything fails here too.
 *
 * It reads out/cli as built: `npm test` builds before its unit step. Without a build it fails under
 * CI (CI=true) and is skipped elsewhere, saying how to build.
 */

const OUT = resolve('out/cli')
const ENTRIES = { helper: join(OUT, 'helper/keyward'), statusline: join(OUT, 'statusline/keyward-statusline.cjs'), full: join(OUT, 'keyward.js') }
const built = Object.values(ENTRIES).every((entry) => existsSync(entry))
const HOW_TO_BUILD = 'out/cli is not built; run: vite build --config cli.vite.config.ts'

if (!built && process.env.CI !== 'true') process.stderr.write(`skipping the fast path's bundle check: ${HOW_TO_BUILD}\n`)

/** A loaded package, as the CommonJS bundles (require) and the ES one (import/from) name it. */
const loads = (pkg: string) => new RegExp(`(?:require\\(|from\\s*|import\\()\\s*["']${pkg.replace(/[/\\]/g, '\\$&')}(?:/[^"']*)?["']`)

/** Text found only in zod, the contract or the SDK, loaded from node_modules or bundled in (KEYWARD_CLI_BUNDLE=1). */
const MARKERS: Record<'zod' | 'contract' | 'sdk', RegExp[]> = {
  zod: [loads('zod'), /\bZodError\b/, /\$ZodType\b/],
  // Every procedure's name, quoted, as the contract's table declares it.
  contract: [
    new RegExp(
      `["'](?:${Object.keys(procedures)
        .map((name) => name.replace(/\./g, '\\.'))
        .join('|')})["']`,
    ),
  ],
  sdk: [loads('@anthropic-ai/sdk'), /\bclass Anthropic\b/, /x-stainless-/],
}

/**
 * The entry and every chunk it loads by a relative require() or import, each once, in the entry's
 * own folder: the helper's entry is also the direct launcher, which loads the status line's entry and
 * the full CLI (through full-cli.cjs) beside it for those commands.
 */
function chunksOf(entry: string): string[] {
  const seen = new Set<string>()
  const visit = (file: string) => {
    if (seen.has(file) || dirname(file) !== dirname(entry) || basename(file) === 'full-cli.cjs') return
    seen.add(file)
    const text = readFileSync(file, 'utf8')
    for (const match of text.matchAll(/(?:require\(|from\s*|import\()\s*["'](\.{1,2}\/[^"']+)["']/g)) visit(resolve(dirname(file), match[1]!))
  }
  visit(entry)
  return [...seen]
}

/** Which of the three each file shows, as `file: marker`. */
function found(files: string[], kind: keyof typeof MARKERS): string[] {
  return files.flatMap((file) => {
    const text = readFileSync(file, 'utf8')
    return MARKERS[kind].filter((marker) => marker.test(text)).map((marker) => `${file.slice(OUT.length + 1)}: ${marker.source.slice(0, 60)}`)
  })
}

describe.skipIf(!built && process.env.CI !== 'true')("the fast path's built bundles", () => {
  it('are built (npm test builds before the unit tests)', () => {
    expect(built, HOW_TO_BUILD).toBe(true)
  })

  it.each(['helper', 'statusline'] as const)('%s: its entry and every chunk it loads carry no zod, no contract and no SDK', (name) => {
    const files = chunksOf(ENTRIES[name])
    // The walk reaches the command itself (bundled into the helper's entry; a chunk after the status line's compile cache).
    const command = name === 'helper' ? 'function runHelper(' : 'function runStatusline('
    expect(files.some((file) => readFileSync(file, 'utf8').includes(command))).toBe(true)
    expect(found(files, 'zod')).toEqual([])
    expect(found(files, 'contract')).toEqual([])
    expect(found(files, 'sdk')).toEqual([])
  })

  it('helper: no chunk loads node:fs/promises at start (it costs every run, with a daemon or without, about 2.5 ms)', () => {
    expect(chunksOf(ENTRIES.helper).filter((file) => /require\(["']node:fs\/promises["']\)/.test(readFileSync(file, 'utf8')))).toEqual([])
  })

  it('finds all three in the full CLI, so the markers still mean something', () => {
    const files = chunksOf(ENTRIES.full)
    expect(found(files, 'zod')).not.toEqual([])
    expect(found(files, 'contract')).not.toEqual([])
    expect(found(files, 'sdk')).not.toEqual([])
  })
})
