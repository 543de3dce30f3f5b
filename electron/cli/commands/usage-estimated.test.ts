import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { maskKey } from '../../../shared/keys.schema'
import { localDay } from '../../core/serving/statusline/session-estimate'
import { parseStatuslineArgs, statuslineText } from '../fast/statusline'
import type { CliContext } from '../cli-context'
import type { CliIO } from '../io'
import { usageCommand } from './usage'

/*
 * From the status line to `keyward usage --estimated`: the sessions Claude Code reports on the
 * line's stdin, counted once each at their latest figure, for the profile and project their
 * directory gets, in the shape of `keyward usage --json`.
 */

let root: string
let dataDir: string
const dirs = { a: '', b: '', plain: '' }
const NOW = new Date('2026-12-06T12:00:00')

beforeEach(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'keyward-estimated-')))
  dataDir = join(root, 'data')
  mkdirSync(dataDir, { mode: 0o700 })
  for (const name of Object.keys(dirs) as Array<keyof typeof dirs>) {
    dirs[name] = join(root, name)
    mkdirSync(dirs[name])
  }
  const profile = (name: string) => ({ name, kind: 'api', hint: maskKey(`sk-ant-api03-${name.padEnd(40, 'x')}`), tags: [], createdAt: '2026-01-01T00:00:00.000Z', rotatedAt: null })
  const config = {
    version: 1,
    profiles: [profile('client-a'), profile('client-b'), profile('personal')],
    defaultProfile: 'personal',
    bindings: [
      { directory: dirs.a, profile: 'client-a', createdAt: '2026-01-01T00:00:00.000Z' },
      { directory: dirs.b, profile: 'client-b', createdAt: '2026-01-01T00:00:00.000Z' },
    ],
    allowedProjects: [],
  }
  writeFileSync(join(dataDir, 'config.json'), JSON.stringify(config), { mode: 0o600 })
})
afterEach(() => rmSync(root, { recursive: true, force: true }))

const io = (cwd: string, out: string[] = []): CliIO => ({ stdout: { write: (t: string) => out.push(t) }, stderr: { write: () => true }, stdin: new PassThrough(), env: { KEYWARD_HOME: dataDir }, cwd })

/** One status line run as Claude Code makes it, after a turn of session `id` in `dir`. */
const turn = (dir: string, id: string, usd: number | string | null, at = NOW) => {
  const input = JSON.stringify({ session_id: id, cwd: dir, workspace: { current_dir: dir }, ...(usd !== null && { cost: { total_cost_usd: usd } }) })
  return statuslineText(parseStatuslineArgs([], {}), io(dir), input, { readInput: async () => input, now: () => at, timeZone: 'UTC', locale: 'en-US' })
}

const estimated = async (...args: string[]) => {
  const out: string[] = []
  const code = await usageCommand.run(['--estimated', ...args], io(root, out), {} as CliContext)
  return { code, text: out.join('') }
}

describe('keyward usage --estimated', () => {
  it('adds up what the status line recorded, by profile and by project, each session once at its latest figure', async () => {
    expect(await turn(dirs.a, 'sess-a1', 0.4)).toContain('$0.40 this session')
    expect(await turn(dirs.a, 'sess-a1', 1.1)).toContain('$1.10 this session')
    await turn(dirs.a, 'sess-a2', 0.25)
    await turn(dirs.b, 'sess-b1', 2)
    await turn(dirs.plain, 'sess-p1', 0.05)
    // No cost field, hostile figures, forged ids: nothing recorded.
    await turn(dirs.a, 'sess-none', null)
    await turn(dirs.a, 'sess-neg', -5)
    await turn(dirs.a, 'sess-absurd', 1e12)
    await turn(dirs.a, 'sess-text', '9.99')
    await turn(dirs.a, '../../../etc', 3)
    const day = localDay(NOW)
    const { code, text } = await estimated('--json', '--from', day, '--to', day)
    expect(code).toBe(0)
    const json = JSON.parse(text)
    expect(json).toMatchObject({ estimated: true, source: 'claude-code', currency: 'USD', range: { from: day, to: day } })
    expect(json.groups.map((g: { id: string; totals: { cost: string } }) => [g.id, g.totals.cost])).toEqual([
      ['client-b', '2'],
      ['client-a', '1.35'],
      ['personal', '0.05'],
    ])
    expect(json.total).toEqual({ cost: '3.4', sessions: 4 })
    const byProject = JSON.parse((await estimated('--json', '--by', 'project', '--from', day, '--to', day)).text)
    expect(byProject.groups.map((g: { id: string }) => g.id)).toEqual([dirs.b, dirs.a, '(no project: default profile)'])
  })

  it('says in words that these are estimates, and what to do when there are none', async () => {
    const empty = await estimated('--from', '2026-12-01', '--to', '2026-12-31')
    expect(empty.text).toMatch(/^Claude Code's estimates, not billed figures: 2026-12-01 to 2026-12-31, by profile\nNo Claude Code sessions with a cost/)
    await turn(dirs.a, 'sess-a1', 12.5)
    const day = localDay(NOW)
    expect((await estimated('--from', day, '--to', day)).text).toMatch(/client-a {2}\$12\.50 {2}1 session\n/)
  })

  it('refuses a grouping or an org it cannot apply, saying what to use', async () => {
    await expect(estimated('--by', 'key')).rejects.toThrow(/--estimated adds up by profile or project, not "key"; use --by profile or --by project/)
    await expect(estimated('--org', 'o1')).rejects.toThrow(/leave out --org/)
  })
})
