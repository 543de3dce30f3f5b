import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { commands } from '../electron/cli/commands'
import { EXIT_CODES_HELP } from '../electron/cli/exit-codes'

/*
 * The reference pages say what the code does: docs/reference/cli.md is each command's own
 * `--help`, and docs/reference/environment.md lists every KEYWARD_* variable the code reads.
 */

const root = resolve(import.meta.dirname, '..')

/** docs/reference/cli.md as it should read: the command list, the exit codes and every command's help. */
async function cliReference(): Promise<string> {
  const loaded = await Promise.all(Object.entries(commands).map(async ([name, load]) => ({ name, command: await load() })))
  const rows = loaded.map(({ name, command }) => `| [\`keyward ${name}\`](#keyward-${name}) | ${command.summary.replaceAll('|', '\\|')} |`)
  const sections = loaded.map(({ name, command }) => `## keyward ${name}\n\n\`\`\`text\n${command.help}\n\`\`\`\n`)
  return [
    '# CLI commands and options\n',
    "Each command's own `keyward <command> --help`, gathered in one page. This page is generated: after",
    'changing a help text, run `vitest run --project node scripts/docs-reference.test.ts -u` to rewrite it.\n',
    '| Command | What it does |',
    '| --- | --- |',
    ...rows,
    '',
    '## Exit codes\n',
    `\`\`\`text\n${EXIT_CODES_HELP}\n\`\`\`\n`,
    ...sections,
  ].join('\n')
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (name === 'node_modules' || name === 'out') return []
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return /\.(ts|tsx|js|mjs|cjs|sh)$/.test(name) || dir.endsWith('/bin') ? [path] : []
  })
}

/** Every KEYWARD_* environment variable read in `files`: `env.X`, `env['X']`, `X: '…'` in code, `$X` in shell. */
export function keywardVariablesRead(files: readonly string[]): Map<string, string> {
  const found = new Map<string, string>()
  for (const file of files) {
    const text = readFileSync(file, 'utf8')
    const shell = file.endsWith('.sh') || !/\.[a-z]+$/.test(file)
    const pattern = shell ? /\$\{?(KEYWARD_[A-Z0-9_]+)/g : /env(?:\.|\[['"])(KEYWARD_[A-Z0-9_]+)|\b(KEYWARD_[A-Z0-9_]+): ['"]/g
    for (const match of text.matchAll(pattern)) {
      const name = match[1] ?? match[2]!
      if (!found.has(name)) found.set(name, relative(root, file))
    }
  }
  return found
}

describe('docs/reference', () => {
  it("cli.md is every command's --help", async () => {
    await expect(await cliReference()).toMatchFileSnapshot(join(root, 'docs/reference/cli.md'))
  }, 60_000)

  it('environment.md lists every KEYWARD_* variable the code reads', () => {
    const dirs = ['electron', 'shared', 'scripts', 'bench', 'test', 'bin'].map((d) => join(root, d))
    const files = [...dirs.flatMap(sourceFiles), ...['playwright.config.ts', 'cli.vite.config.ts', 'electron.vite.config.ts'].map((f) => join(root, f))]
    const read = keywardVariablesRead(files)
    expect(read.has('KEYWARD_HOME'), 'the scan finds the variables the code reads').toBe(true)
    const documented = readFileSync(join(root, 'docs/reference/environment.md'), 'utf8')
    const missing = [...read].filter(([name]) => !documented.includes(`\`${name}\``)).map(([name, file]) => `${name} (read in ${file})`)
    expect(missing, 'document these in docs/reference/environment.md').toEqual([])
  })
})
