import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CliIO } from '../io'
import { parseClaudeArgs, runClaudeSetup } from './claude'
import { checkClaudeScopes, checkEnvironment } from './doctor'

/*
 * keyward claude setup at the three scopes Claude Code reads (user, project, local), their undo,
 * what doctor says is in effect, and the committed project settings on a second machine, where
 * Keyward is installed somewhere else.
 */

let root: string
let machine: { home: string; data: string; bin: string; launcher: string }
let project: string

/** A machine: a HOME, a data directory and a launcher at `binDir`/keyward (a script saying which machine's it is), on PATH. */
function makeMachine(name: string) {
  const home = join(root, name, 'home')
  const bin = join(root, name, 'opt', 'keyward-app', 'bin')
  mkdirSync(home, { recursive: true })
  mkdirSync(bin, { recursive: true })
  const launcher = join(bin, 'keyward')
  writeFileSync(launcher, `#!/bin/sh\necho "${name} keyward $*"\n`, { mode: 0o755 })
  return { home, data: join(home, '.keyward'), bin, launcher }
}

const env = (m: typeof machine, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  HOME: m.home,
  KEYWARD_HOME: m.data,
  KEYWARD_LAUNCHER: m.launcher,
  PATH: `${m.bin}:/usr/bin:/bin`,
  ...extra,
})

function io(m: typeof machine, cwd: string, extra: NodeJS.ProcessEnv = {}) {
  const out: string[] = []
  const err: string[] = []
  const cli: CliIO = { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) }, stdin: new PassThrough(), env: env(m, extra), cwd }
  return { cli, out, err }
}

const setup = async (m: typeof machine, cwd: string, ...args: string[]) => {
  const run = io(m, cwd)
  expect(await runClaudeSetup(parseClaudeArgs(['setup', ...args], run.cli), run.cli)).toBe(0)
  return { out: run.out.join(''), err: run.err.join('') }
}

const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
const doctor = async (m: typeof machine, cwd: string) => (await checkClaudeScopes(cwd, env(m), { launcher: m.launcher, cwd, env: env(m) })).map((c) => `${c.status} ${c.name}: ${c.message}`)

beforeEach(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'keyward-scopes-')))
  machine = makeMachine('laptop')
  project = join(root, 'laptop', 'code', 'acme')
  mkdirSync(project, { recursive: true })
})
afterEach(() => rmSync(root, { recursive: true, force: true }))

describe('keyward claude setup --scope user|project|local', () => {
  it('writes the absolute launcher for user and local, plain keyward for the committed project file, and undoes each', async () => {
    await setup(machine, project)
    const project1 = await setup(machine, project, '--scope', 'project', '--statusline')
    const local = await setup(machine, project, '--scope', 'local')
    expect(read(join(machine.home, '.claude', 'settings.json')).apiKeyHelper).toBe(`${machine.launcher} helper`)
    expect(read(join(project, '.claude', 'settings.json'))).toEqual({ apiKeyHelper: 'keyward helper', statusLine: { type: 'command', command: 'keyward statusline' } })
    expect(read(join(project, '.claude', 'settings.local.json'))).toEqual({ apiKeyHelper: `${machine.launcher} helper` })
    expect(project1.out).toMatch(/runs keyward from PATH, so the file works on every machine where Keyward is installed: commit it/)
    expect(project1.err).toBe('')
    expect(local.out).toMatch(/this machine only .* do not commit it/)
    expect(local.out).toContain(`Undo with: keyward claude setup --scope local --dir '${project}' --undo`)

    expect(await doctor(machine, project)).toEqual([
      `ok claude user settings: ${machine.home}/.claude/settings.json runs "${machine.launcher} helper", this Keyward's launcher; the local setting overrides it here`,
      `ok claude project settings: ${project}/.claude/settings.json runs "keyward helper", this Keyward's launcher (${machine.launcher} on PATH); the local setting overrides it here`,
      `ok claude local settings: ${project}/.claude/settings.local.json runs "${machine.launcher} helper", this Keyward's launcher; in effect here`,
    ])
    await setup(machine, project, '--scope', 'local', '--undo')
    expect(existsSync(join(project, '.claude', 'settings.local.json'))).toBe(false)
    expect((await doctor(machine, project))[1]).toMatch(/on PATH\); in effect here$/)
    expect((await doctor(machine, project))[2]).toMatch(/settings\.local\.json sets no apiKeyHelper \(the project setting applies\)$/)
    await setup(machine, project, '--scope', 'project', '--undo')
    expect(existsSync(join(project, '.claude', 'settings.json'))).toBe(false)
    expect((await doctor(machine, project))[0]).toMatch(/this Keyward's launcher; in effect here$/)
    await setup(machine, project, '--undo')
    expect((await doctor(machine, project))[0]).toMatch(/^warn claude user settings: .*sets no apiKeyHelper, so Claude Code does not ask Keyward$/)
  })

  it('refuses a scope it does not know and --dir with the user scope, naming the choices', () => {
    const { cli } = io(machine, project)
    expect(() => parseClaudeArgs(['setup', '--scope', 'global'], cli)).toThrow(/--scope must be user, project or local, not "global"/)
    expect(() => parseClaudeArgs(['setup', '--dir', project], cli)).toThrow(/--dir only applies to --scope project or --scope local/)
  })

  it('warns at setup, and doctor says so, when PATH here finds no keyward or another one', async () => {
    const elsewhere = join(root, 'evil')
    mkdirSync(elsewhere)
    writeFileSync(join(elsewhere, 'keyward'), '#!/bin/sh\n', { mode: 0o755 })
    const run = io(machine, project, { PATH: `${elsewhere}:/usr/bin:/bin` })
    await runClaudeSetup(parseClaudeArgs(['setup', '--scope', 'project'], run.cli), run.cli)
    expect(run.err.join('')).toMatch(/the project settings run "keyward helper" from PATH, but here keyward on PATH is .*evil\/keyward, not this Keyward's launcher/)
    const checks = await checkClaudeScopes(project, env(machine, { PATH: `${elsewhere}:/usr/bin:/bin` }), {
      launcher: machine.launcher,
      cwd: project,
      env: env(machine, { PATH: `${elsewhere}:/usr/bin:/bin` }),
    })
    expect(checks[1]).toMatchObject({ status: 'warn', fix: expect.stringContaining('keyward claude setup --scope project') })
  })
})

describe('the committed project settings on a second machine', () => {
  it('call the helper of the Keyward installed there, found on its PATH', async () => {
    await setup(machine, project, '--scope', 'project')
    execFileSync('git', ['init', '-q', project])
    execFileSync('git', ['-C', project, 'add', '.claude/settings.json'])
    execFileSync('git', ['-C', project, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'claude settings'])
    const desktop = makeMachine('desktop')
    const clone = join(desktop.home, 'src', 'acme')
    execFileSync('git', ['clone', '-q', project, clone])
    const helper = read(join(clone, '.claude', 'settings.json')).apiKeyHelper as string
    expect(helper).toBe('keyward helper')
    // As Claude Code runs it: /bin/sh -c in the project, with that machine's PATH.
    expect(execFileSync('/bin/sh', ['-c', helper], { cwd: clone, env: env(desktop), encoding: 'utf8' })).toBe('desktop keyward helper\n')
    expect(await doctor(desktop, clone)).toContain(
      `ok claude project settings: ${clone}/.claude/settings.json runs "keyward helper", this Keyward's launcher (${desktop.launcher} on PATH); in effect here`,
    )
  })
})

describe('doctor and a key in the environment', () => {
  it('names both variables Claude Code uses before apiKeyHelper, never their values', () => {
    const key = `sk-ant-api03-${'Z'.repeat(40)}`
    const checks = checkEnvironment({ ANTHROPIC_API_KEY: key, ANTHROPIC_AUTH_TOKEN: key })
    expect(checks.map((c) => [c.name, c.status])).toEqual([
      ['env ANTHROPIC_AUTH_TOKEN', 'warn'],
      ['env ANTHROPIC_API_KEY', 'warn'],
    ])
    expect(checks[0]!.message).toBe("ANTHROPIC_AUTH_TOKEN is set; Claude Code uses it before apiKeyHelper, so it overrides Keyward's key (or is sent beside it)")
    expect(JSON.stringify(checks)).not.toContain('ZZZZ')
    expect(checkEnvironment({}).every((c) => c.status === 'ok')).toBe(true)
  })
})
