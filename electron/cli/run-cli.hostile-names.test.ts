import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type TestDemoHost, startDemoHost } from '../../test/support/demo-host'
import type { CliIO } from './io'
import { runCli } from './run-cli'

/*
 * The attack: an org member renames a key, a workspace, the org and themselves to text that drives a
 * terminal (retitle, clear screen, colours) and reverses what follows (U+202E). Every CLI command that
 * prints those names runs against an emulator serving them (the demo org, served in this process),
 * and nothing it writes may hold such a byte; the names show in escape notation instead.
 */

const HOSTILE = 'batch\u001b]0;OWNED\u0007\u001b[2J\u001b[31mRED\u001b[0m\u202Egnp.exe'
/** Every character the one rule makes visible, less the newline and tab of the CLI's own layout. */
const FORBIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/
const VISIBLE = 'batch\\x1b]0;OWNED\\x07\\x1b[2J\\x1b[31mRED\\x1b[0m\\u202egnp.exe'

let home: string
let host: TestDemoHost
/** Serves the demo org with every name made of `name`; the test of faked lines swaps in one with a newline. */
async function serveNames(name: string): Promise<void> {
  await host?.stop()
  host = await startDemoHost(home, { emulator: { hostileName: name } })
}

async function keyward(...argv: string[]) {
  let stdout = ''
  let stderr = ''
  const stdin = new PassThrough()
  stdin.end()
  const io: CliIO = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, stdin, env: { KEYWARD_HOME: home, TZ: 'UTC', HOME: home }, cwd: home }
  const code = await runCli(argv, io)
  return { code, stdout, stderr }
}

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'keyward-hostile-names-'))
  await serveNames(HOSTILE)
  expect((await keyward('demo')).code).toBe(0)
  const synced = await keyward('sync')
  expect(synced.code, synced.stderr).toBe(0)
}, 120_000)
afterAll(async () => {
  await host.stop()
  await rm(home, { recursive: true, force: true })
})

describe('names with terminal escapes and bidi controls from the Admin API', { timeout: 60_000 }, () => {
  it.each([['demo'], ['sync'], ['orgs', 'list'], ['usage', '--by', 'key'], ['usage', '--by', 'workspace'], ['usage', '--by', 'user'], ['review', '--all'], ['alerts', 'spike']])(
    'keyward %s shows them in escape notation and writes no control or bidi byte',
    async (...argv) => {
      const run = await keyward(...argv)
      expect(run.code, run.stderr).toBe(0)
      expect(run.stdout + run.stderr).not.toMatch(FORBIDDEN)
      expect(run.stdout).toContain(VISIBLE)
    },
  )

  it('keyward offboard shows the person, their keys and workspaces escaped', async () => {
    const state = host.emulator.state
    const leaver = state.users.find((u) => u.role === 'developer' && state.apiKeys.some((k) => k.wire.created_by?.id === u.id && k.wire.status === 'active'))!
    const run = await keyward('offboard', leaver.email, '--dry-run')
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout + run.stderr).not.toMatch(FORBIDDEN)
    expect(run.stdout).toContain(`${VISIBLE} user`)
    expect(run.stdout).toContain(`${VISIBLE} key`)
  })

  it.each([['projects'], ['list'], ['budgets'], ['channels'], ['which'], ['audit'], ['doctor']])('keyward %s writes no control or bidi byte', async (...argv) => {
    const run = await keyward(...argv)
    expect(run.stdout + run.stderr).not.toMatch(FORBIDDEN)
  })

  it('a newline inside a name cannot fake a line: it shows as \\x0a and the name stays on its line', async () => {
    await serveNames('batch\nFAKED LINE')
    try {
      const run = await keyward('review', '--all')
      expect(run.code, run.stderr).toBe(0)
      expect(run.stdout).toContain('batch\\x0aFAKED LINE')
      expect(run.stdout.split('\n').some((line) => line.startsWith('FAKED LINE'))).toBe(false)
    } finally {
      await serveNames(HOSTILE)
    }
  })

  it('--json keeps the exact names (JSON escapes them) and still writes no control or bidi byte', async () => {
    for (const argv of [
      ['usage', '--by', 'key', '--json'],
      ['orgs', 'list', '--json'],
      ['review', '--json'],
    ]) {
      const run = await keyward(...argv)
      expect(run.code, run.stderr).toBe(0)
      expect(run.stdout).not.toMatch(FORBIDDEN)
      expect(run.stdout).toContain('\\u202e')
      expect(JSON.stringify(JSON.parse(run.stdout))).toContain(JSON.stringify(HOSTILE).slice(1, -1))
    }
  })
})
