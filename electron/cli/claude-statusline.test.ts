import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runClaudeSetup } from './commands/claude'
import { parseStatuslineArgs, runStatusline } from './fast/statusline'
import type { CliIO } from './io'
import { quoteForShell } from './shell-quote'
import { runChained } from './fast/statusline-chain'

/* `keyward claude setup --statusline`: the statusLine beside the apiKeyHelper, chaining one that is there, and --undo. */

let root: string
let home: string
let out: string[]
const LAUNCHER = '/opt/key ward/bin/keyward'
const OWN = `'${LAUNCHER}' statusline`

function io(): CliIO {
  out = []
  return {
    stdout: { write: (t: string) => out.push(t) },
    stderr: { write: () => true },
    stdin: new PassThrough(),
    env: { HOME: home, KEYWARD_HOME: join(root, 'data'), KEYWARD_LAUNCHER: LAUNCHER },
    cwd: root,
  }
}
const settingsFile = () => join(home, '.claude', 'settings.json')
const settings = () => JSON.parse(readFileSync(settingsFile(), 'utf8')) as Record<string, unknown>
const setup = (undo = false) => runClaudeSetup({ scope: 'user', dir: root, undo, json: false, statusline: true }, io())

beforeEach(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'kw-sl-setup-')))
  home = join(root, 'home')
  mkdirSync(join(home, '.claude'), { recursive: true, mode: 0o700 })
})
afterEach(() => rmSync(root, { recursive: true, force: true }))

describe('keyward claude setup --statusline', () => {
  it('writes statusLine beside apiKeyHelper, keeps every other setting, and --undo restores the file byte for byte', async () => {
    const before = '{\n  "model": "opus",\n  "permissions": {"allow": ["Bash(ls)"]}\n}\n'
    writeFileSync(settingsFile(), before, { mode: 0o600 })
    expect(await setup()).toBe(0)
    expect(settings()).toEqual({ model: 'opus', permissions: { allow: ['Bash(ls)'] }, apiKeyHelper: `'${LAUNCHER}' helper`, statusLine: { type: 'command', command: OWN } })
    expect(Object.keys(settings())).toEqual(['model', 'permissions', 'apiKeyHelper', 'statusLine'])
    expect(await setup(true)).toBe(0)
    expect(readFileSync(settingsFile(), 'utf8')).toBe(before)
  })

  it('chains a status line that is there: its command, quoted for /bin/sh byte for byte, runs first; running setup again does not chain twice', async () => {
    const marker = join(root, 'ran')
    // Quotes, $, ; and a command substitution: none may run or change while it is stored.
    const theirs = `echo "it's $HOME"; touch ${marker}; printf '%s' "$(id -u)"`
    const before = `${JSON.stringify({ statusLine: { type: 'command', command: theirs, padding: 2 } }, null, 2)}\n`
    writeFileSync(settingsFile(), before, { mode: 0o600 })
    await setup()
    const written = settings().statusLine as { type: string; command: string; padding: number }
    expect(written).toEqual({ type: 'command', command: `${OWN} --then ${quoteForShell('bash', theirs)}`, padding: 2 })
    // The shell reads the stored argument back exactly, and nothing in it ran.
    const echoed = spawnSync('/bin/sh', ['-c', `printf '%s' ${written.command.slice(`${OWN} --then `.length)}`], { encoding: 'utf8' })
    expect(echoed.stdout).toBe(theirs)
    expect(existsSync(marker)).toBe(false)
    await setup()
    expect(settings().statusLine).toEqual(written)
    await setup(true)
    expect(readFileSync(settingsFile(), 'utf8')).toBe(before)
  })

  it('refuses a statusLine it cannot run first, names the line to write, and leaves the file unchanged', async () => {
    const before = '{"statusLine": "echo not an object"}\n'
    writeFileSync(settingsFile(), before, { mode: 0o600 })
    await expect(setup()).rejects.toThrow(/"statusLine" in .*settings\.json is not a command status line Keyward can run before its own; the file was not changed; .*--then 'YOUR COMMAND'/)
    expect(readFileSync(settingsFile(), 'utf8')).toBe(before)
  })

  it('without --statusline leaves a statusLine alone', async () => {
    writeFileSync(settingsFile(), '{"statusLine": {"type": "command", "command": "echo mine"}}\n', { mode: 0o600 })
    await runClaudeSetup({ scope: 'user', dir: root, undo: false, json: false }, io())
    expect(settings().statusLine).toEqual({ type: 'command', command: 'echo mine' })
  })
})

describe('keyward statusline --then', () => {
  it("shows the chained command's first line (given the same stdin), then Keyward's fields", async () => {
    const env = { KEYWARD_HOME: join(root, 'data') }
    const cio: CliIO = { ...io(), env }
    const input = JSON.stringify({ cwd: root, model: { display_name: 'Opus' } })
    const options = parseStatuslineArgs(['--then', `cat >${join(root, 'stdin')}; printf 'theirs\\nsecond line\\n'`], env)
    await runStatusline(options, cio, { readInput: async () => input })
    expect(out.join('')).toBe('theirs · no key bound here\n')
    expect(readFileSync(join(root, 'stdin'), 'utf8')).toBe(input)
  })

  it('gives up on a chained command that does not answer, and kills it', async () => {
    const pidFile = join(root, 'pid')
    expect(await runChained(`echo $$ >${pidFile}; exec sleep 30`, '', root, process.env, 300)).toBe('')
    const pid = Number(readFileSync(pidFile, 'utf8'))
    // The shell exec'd sleep, so the pid is sleep's: it must be gone (or a zombie being reaped) after the kill.
    await new Promise((r) => setTimeout(r, 100))
    const alive = (() => {
      try {
        process.kill(pid, 0)
        return !readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ')[2]?.startsWith('Z')
      } catch {
        return false
      }
    })()
    expect(alive).toBe(false)
  })
})
