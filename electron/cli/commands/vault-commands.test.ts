import { mkdir, mkdtemp, realpath, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { type TempVault, adminKey, apiKey, createTempVault } from '../../core/vault/temp-vault.test-support'
import { createBindingsService } from '../../core/keys/bindings/bindings-service'
import { createBufferIO, runReported } from '../cli-run.test-support'
import type { CliIO } from '../io'
import { parseAddArgs, runAdd } from './add'
import { parseAllowArgs, runAllow } from './allow'
import { parseDefaultArgs, runDefault } from './default'
import { parseListArgs, runList } from './list'
import { parseRemoveArgs, runRemove } from './remove'
import { parseRenameArgs, runRename } from './rename'
import { parseUnbindArgs, runUnbind } from './unbind'
import { parseUseArgs, runUse } from './use'
import { parseWhichArgs, runWhich } from './which'

/** The bindings service as the CLI context builds it for a command run in `cwd`. */
function bindingsIn(cwd: string) {
  return createBindingsService({ config: vault.config, audit: vault.audit, base: cwd })
}

let root: string
let vault: TempVault

beforeEach(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), 'keyward-cli-')))
  await mkdir(join(root, 'acme/sub'), { recursive: true })
  vault = await createTempVault(root)
})

describe('keyward add', () => {
  it('reads the key from a pipe, stores it, and prints only the hint', async () => {
    const { io, out, err } = createBufferIO(root, { input: `${apiKey('R2D')}\n` })
    expect(await runReported(io, () => runAdd(parseAddArgs(['acme']), io, vault.profiles))).toBe(0)
    expect(out()).toContain('Added profile acme (api key sk-ant-api03-R2…igAA)')
    expect(out() + err()).not.toContain(apiKey('R2D'))
    expect(vault.keychain.entries.get('acme')).toBe(apiKey('R2D'))
  })

  it('--json prints the profile summary; --admin stores an Admin key', async () => {
    const { io, out } = createBufferIO(root, { input: adminKey() })
    expect(await runAdd(parseAddArgs(['org', '--admin', '--key-stdin', '--json']), io, vault.profiles)).toBe(0)
    expect(JSON.parse(out())).toMatchObject({ name: 'org', kind: 'admin', hint: 'sk-ant-admin01-…yyAA', isDefault: false })
  })

  it('reads from a hidden prompt on a terminal, with backspace, and echoes nothing', async () => {
    const { io, stdin, out, err } = createBufferIO(root, { tty: true })
    const done = runReported(io, () => runAdd(parseAddArgs(['acme']), io, vault.profiles))
    setTimeout(() => stdin.write(`${apiKey()}Z\u007f\r`), 5)
    expect(await done).toBe(0)
    expect(err()).toContain('(input hidden)')
    expect(out() + err()).not.toContain(apiKey().slice(13, 40))
    expect(vault.keychain.entries.get('acme')).toBe(apiKey())
  })

  it('refuses keys in argv, --key-stdin on a terminal, and bad keys, each with one line and a code', async () => {
    const cases: [string[], string, boolean, number, RegExp][] = [
      [['acme', apiKey()], '', false, 2, /never from arguments/],
      [['acme', '--key-stdin'], '', true, 2, /--key-stdin expects the key on a pipe/],
      [['acme'], 'sk-ant-api03-short', false, 2, /expected an API key .* 5 characters long/],
      [['acme'], adminKey(), false, 2, /starts with sk-ant-admin01-.*--admin/],
      [['acme', '--key'], '', false, 2, /unknown option --key; --help lists the options/],
    ]
    for (const [args, input, tty, code, message] of cases) {
      const before = await vault.snapshot()
      const { io, out, err } = createBufferIO(root, { input, tty })
      expect(await runReported(io, async () => runAdd(parseAddArgs(args), io, vault.profiles))).toBe(code)
      expect(err()).toMatch(message)
      expect(err().split('\n').filter(Boolean)).toHaveLength(1)
      expect(err()).toMatch(/^keyward: /)
      expect(out()).toBe('')
      expect(await vault.snapshot()).toEqual(before)
    }
  })

  it('gives exit 1 for a duplicate and exit 4 when the keychain is unavailable, changing nothing', async () => {
    await vault.profiles.add({ name: 'acme', kind: 'api', key: apiKey() })
    const dup = createBufferIO(root, { input: apiKey('B') })
    expect(await runReported(dup.io, () => runAdd(parseAddArgs(['acme']), dup.io, vault.profiles))).toBe(1)
    expect(dup.err()).toMatch(/^keyward: a profile named "acme" already exists/)
    vault.keychain.failing = true
    const before = await vault.snapshot()
    const locked = createBufferIO(root, { input: apiKey('C') })
    expect(await runReported(locked.io, () => runAdd(parseAddArgs(['new']), locked.io, vault.profiles))).toBe(4)
    expect(locked.err()).toMatch(/^keyward: the OS keychain could not store a key .*Nothing was stored in plaintext\.\n$/)
    expect(await vault.snapshot()).toEqual(before)
  })
})

describe('keyward list, use, which, unbind, default, rename, remove, allow', () => {
  beforeEach(async () => {
    await vault.profiles.add({ name: 'acme', kind: 'api', key: apiKey('acme') })
    await vault.profiles.add({ name: 'home', kind: 'api', key: apiKey('home') })
  })

  it('binds the cwd by default, and which explains the choice from a subdirectory', async () => {
    const use = createBufferIO(join(root, 'acme'))
    expect(await runUse(parseUseArgs(['acme']), use.io, bindingsIn(use.io.cwd))).toBe(0)
    expect(use.out()).toBe(`Bound ${join(root, 'acme')} and its subdirectories to acme.\n`)
    const which = createBufferIO(root)
    expect(await runWhich(parseWhichArgs(['--dir', 'acme/sub']), which.io, bindingsIn(which.io.cwd))).toBe(0)
    expect(which.out()).toBe(`acme  (bound at ${join(root, 'acme')})\n`)
    const json = createBufferIO(join(root, 'acme/sub'))
    await runWhich(parseWhichArgs(['--json']), json.io, bindingsIn(json.io.cwd))
    expect(JSON.parse(json.out())).toEqual({ profile: 'acme', reason: 'binding', directory: join(root, 'acme'), cwd: join(root, 'acme/sub'), projectFile: null, ignoredProjectFiles: [] })
  })

  it('lists profiles with hints, the default and bindings (text and --json), never a key', async () => {
    await vault.bindings.set(join(root, 'acme'), 'acme')
    await runDefault(parseDefaultArgs(['home']), createBufferIO(root).io, vault.profiles)
    const text = createBufferIO(root)
    await runList(parseListArgs([]), text.io, vault)
    expect(text.out()).toBe(`  acme  api    sk-ant-api03-ac…igAA\n    ${join(root, 'acme')}\n* home  api    sk-ant-api03-ho…igAA\n(* default: served where no binding applies)\n`)
    const json = createBufferIO(root)
    await runList(parseListArgs(['--json']), json.io, vault)
    expect(JSON.parse(json.out())).toMatchObject([
      { name: 'acme', bindings: [join(root, 'acme')], isDefault: false },
      { name: 'home', bindings: [], isDefault: true },
    ])
    expect(text.out() + json.out()).not.toContain(apiKey('acme').slice(13, 30))
  })

  it('marks guarded profiles in the text list, as --json does', async () => {
    await vault.profiles.setApproval('home', true)
    const text = createBufferIO(root)
    await runList(parseListArgs([]), text.io, vault)
    expect(text.out()).toBe(
      '  acme  api    sk-ant-api03-ac…igAA\n  home  api    sk-ant-api03-ho…igAA  guarded\n(guarded: the desktop app asks you before a tool gets it; the headless daemon, or no app at all, refuses it; change with keyward guard NAME [--off])\n',
    )
    const json = createBufferIO(root)
    await runList(parseListArgs(['--json']), json.io, vault)
    expect(JSON.parse(json.out())).toMatchObject([
      { name: 'acme', requiresApproval: false },
      { name: 'home', requiresApproval: true },
    ])
  })

  it('fails with one actionable line and the documented exit code', async () => {
    const cases: [(io: CliIO) => Promise<number>, number, RegExp][] = []
    const c = (fn: (io: CliIO) => Promise<number>, code: number, message: RegExp) => cases.push([fn, code, message])
    c((io) => runUse(parseUseArgs(['acme', '--dir', 'missing']), io, bindingsIn(io.cwd)), 2, new RegExp(`there is no directory ${join(root, 'missing')}; create it first`))
    c((io) => runUse(parseUseArgs(['ghost']), io, bindingsIn(io.cwd)), 3, /there is no profile "ghost"; run: keyward list/)
    c((io) => runWhich(parseWhichArgs([]), io, bindingsIn(io.cwd)), 3, new RegExp(`no key is bound to ${root} or its parents; run: keyward use <profile> --dir ${root}`))
    c((io) => runUnbind(parseUnbindArgs([]), io, bindingsIn(io.cwd)), 3, /is not bound to any profile/)
    c((io) => runDefault(parseDefaultArgs([]), io, vault.profiles), 2, /keyward default NAME/)
    c((io) => runRename(parseRenameArgs(['acme', 'home']), io, vault.profiles), 1, /already exists/)
    c((io) => runRemove(parseRemoveArgs(['ghost']), io, vault.profiles), 3, /no profile "ghost"/)
    c((io) => runAllow(parseAllowArgs([]), io, bindingsIn(io.cwd)), 3, /no \.keyward\.json/)
    for (const [fn, code, message] of cases) {
      const before = await vault.snapshot()
      const { io, out, err } = createBufferIO(root)
      expect(await runReported(io, () => fn(io))).toBe(code)
      expect(err()).toMatch(/^keyward: [^\n]*\n$/)
      expect(err()).toMatch(message)
      expect(out()).toBe('')
      expect(await vault.snapshot()).toEqual(before)
    }
  })

  it('unbinds, renames, sets the default, removes with --force, and allows a project file', async () => {
    await vault.bindings.set(join(root, 'acme'), 'acme')
    const rename = createBufferIO(root)
    await runRename(parseRenameArgs(['acme', 'client-a', '--json']), rename.io, vault.profiles)
    expect(JSON.parse(rename.out())).toMatchObject({ name: 'client-a' })
    const def = createBufferIO(root)
    await runDefault(parseDefaultArgs(['client-a', '--json']), def.io, vault.profiles)
    expect(JSON.parse(def.out())).toEqual({ defaultProfile: 'client-a' })
    const refused = createBufferIO(root)
    expect(await runReported(refused.io, () => runRemove(parseRemoveArgs(['client-a']), refused.io, vault.profiles))).toBe(1)
    expect(refused.err()).toMatch(/is in use .*keyward remove client-a --force/)
    const removed = createBufferIO(root)
    await runRemove(parseRemoveArgs(['client-a', '--force']), removed.io, vault.profiles)
    expect(removed.out()).toContain(`unbound ${join(root, 'acme')}`)
    expect(removed.out()).toContain('it was the default')
    await writeFile(join(root, 'acme/.keyward.json'), '{"profile":"home"}')
    const allow = createBufferIO(join(root, 'acme/sub'))
    await runAllow(parseAllowArgs([]), allow.io, bindingsIn(allow.io.cwd))
    expect(allow.out()).toContain(`Allowed ${join(root, 'acme/.keyward.json')}: ${join(root, 'acme')} gets profile home`)
    const which = createBufferIO(join(root, 'acme/sub'))
    await runWhich(parseWhichArgs([]), which.io, bindingsIn(which.io.cwd))
    expect(which.out()).toContain('home  (proposed by')
    const unbind = createBufferIO(root)
    await vault.bindings.set(join(root, 'acme'), 'home')
    await runUnbind(parseUnbindArgs(['--dir', 'acme', '--json']), unbind.io, bindingsIn(unbind.io.cwd))
    expect(JSON.parse(unbind.out())).toMatchObject({ directory: join(root, 'acme'), profile: 'home' })
  })
})
