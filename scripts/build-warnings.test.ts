import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'

/*
 * The builds `npm start` and `npm run build` run (electron-vite for the app, vite for the CLI) print
 * no INEFFECTIVE_DYNAMIC_IMPORT: a module imported both statically and with `await import()` stays
 * in the static chunk, so the lazy import splits nothing and the warning only teaches people to
 * ignore the build's output. Each build writes into a temporary directory, never into out/, which
 * other tests read.
 */

const run = promisify(execFile)
const bin = (name: string) => resolve('node_modules/.bin', name)
const INEFFECTIVE = /INEFFECTIVE_DYNAMIC_IMPORT|is dynamically imported by .* but also statically imported/

const dirs: string[] = []
const tempDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'keyward-build-'))
  dirs.push(dir)
  return dir
}
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))))

/** Everything a build prints, stdout and stderr together, without colours. */
async function output(file: string, args: string[], cwd = process.cwd()): Promise<string> {
  const { stdout, stderr } = await run(file, args, { cwd, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }, maxBuffer: 16 * 1024 * 1024 })
  return `${stdout}${stderr}`
}

describe('build output', () => {
  it('the check sees the warning when a module is imported both ways', async () => {
    const dir = await tempDir()
    await writeFile(join(dir, 'b.js'), 'export const b = 1\n')
    await writeFile(join(dir, 'a.js'), "import { b } from './b.js'\nexport const a = async () => [b, (await import('./b.js')).b]\n")
    expect(await output(bin('vite'), ['build', '--ssr', 'a.js', '--outDir', join(dir, 'out'), '--logLevel', 'warn'], dir)).toMatch(INEFFECTIVE)
  }, 60_000)

  it('the app and the CLI build without an ineffective dynamic import', async () => {
    const app = await output(bin('electron-vite'), ['build', '--outDir', join(await tempDir(), 'out'), '--logLevel', 'warn'])
    const cli = await output(bin('vite'), ['build', '--config', 'cli.vite.config.ts', '--outDir', join(await tempDir(), 'cli'), '--logLevel', 'warn'])
    expect(app.split('\n').filter((line) => INEFFECTIVE.test(line))).toEqual([])
    expect(cli.split('\n').filter((line) => INEFFECTIVE.test(line))).toEqual([])
  }, 120_000)
})
