import { mkdtemp, readFile, realpath, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { apiKey, adminKey, type TempVault, createTempVault } from '../../core/vault/temp-vault.test-support'
import { createBufferIO, runReported } from '../cli-run.test-support'
import { parseAddArgs, runAdd } from './add'
import { parseGuardArgs, runGuard } from './guard'
import { parseListArgs, runList } from './list'

let root: string
let vault: TempVault
beforeEach(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), 'keyward-guard-')))
  vault = await createTempVault(root)
})

describe('keyward add --require-approval and keyward guard', () => {
  it('add --require-approval stores the flag and says how to turn it off', async () => {
    const { io, out } = createBufferIO(root, { input: apiKey('G') })
    expect(await runReported(io, () => runAdd(parseAddArgs(['acme', '--require-approval']), io, vault.profiles))).toBe(0)
    expect(out()).toContain('keyward guard acme --off')
    expect((await vault.config.read()).profiles[0]).toMatchObject({ name: 'acme', requiresApproval: true })
  })

  it('add without the flag leaves approval off; --admin with it is refused', async () => {
    const { io } = createBufferIO(root, { input: apiKey('G') })
    await runAdd(parseAddArgs(['acme']), io, vault.profiles)
    expect((await vault.profiles.list())[0]!.requiresApproval).toBe(false)
    const bad = createBufferIO(root, { input: adminKey() })
    expect(await runReported(bad.io, () => runAdd(parseAddArgs(['org', '--admin', '--require-approval']), bad.io, vault.profiles))).toBe(2)
    expect(bad.err()).toMatch(/--require-approval is for API keys/)
  })

  it('guard NAME turns approval on, --off turns it off, --json prints the profile; both audited', async () => {
    await vault.profiles.add({ name: 'acme', kind: 'api', key: apiKey('G') })
    const on = createBufferIO(root)
    expect(await runReported(on.io, () => runGuard(parseGuardArgs(['acme']), on.io, vault.profiles))).toBe(0)
    expect(on.out()).toMatch(
      /acme is now guarded: with the Keyward desktop app running, each tool that asks for it waits for you to approve a prompt.*Under the headless keyward daemon, or with no app or daemon running, every request for it is refused/,
    )
    expect((await vault.profiles.list())[0]!.requiresApproval).toBe(true)
    const off = createBufferIO(root)
    expect(await runReported(off.io, () => runGuard(parseGuardArgs(['acme', '--off', '--json']), off.io, vault.profiles))).toBe(0)
    expect(JSON.parse(off.out())).toMatchObject({ name: 'acme', requiresApproval: false })
    expect(off.out()).not.toContain(apiKey('G'))
    const events = (await vault.audit.read()).filter((e) => e.event === 'approval.set').map((e) => e.detail)
    expect(events).toEqual(['off', 'required'])
  })

  it('an unknown profile or a missing name is a clear error', async () => {
    const a = createBufferIO(root)
    expect(await runReported(a.io, () => runGuard(parseGuardArgs(['nope']), a.io, vault.profiles))).not.toBe(0)
    expect(a.err()).toMatch(/there is no profile "nope"; run: keyward list/)
    expect(() => parseGuardArgs([])).toThrow(/keyward guard NAME/)
    expect(() => parseGuardArgs(['acme', '--reseal'])).toThrow(/--reseal takes no profile name/)
  })

  it('after config.json was edited by hand, list warns, --reseal shows what it would trust and needs --yes, then seals', async () => {
    await vault.profiles.add({ name: 'acme', kind: 'api', key: apiKey('G'), requiresApproval: true })
    const path = join(vault.dataDir, 'config.json')
    const edited = JSON.parse(await readFile(path, 'utf8'))
    edited.profiles[0].requiresApproval = false
    await writeFile(path, JSON.stringify(edited))
    const list = createBufferIO(root)
    await runList(parseListArgs([]), list.io, vault)
    expect(list.err()).toMatch(/requiresApproval, kind or forwardable of acme was changed in config.json outside Keyward; nothing is served from acme until you check .*keyward guard --reseal --yes/)
    const ask = createBufferIO(root)
    expect(await runReported(ask.io, () => runGuard(parseGuardArgs(['--reseal']), ask.io, vault.profiles))).toBe(1)
    expect(ask.out()).toMatch(/changed outside Keyward.*\n.*guarded: none; Admin-key profiles: none.*\n.*keyward guard --reseal --yes/)
    expect((await vault.profiles.guardState()).state).toBe('broken')
    const yes = createBufferIO(root)
    expect(await runReported(yes.io, () => runGuard(parseGuardArgs(['--reseal', '--yes']), yes.io, vault.profiles))).toBe(0)
    expect(yes.out()).toMatch(/Sealed the guard settings \(guarded: none/)
    expect((await vault.profiles.guardState()).state).toBe('sealed')
    expect((await vault.audit.read())[0]).toMatchObject({ event: 'guard.resealed', detail: expect.stringContaining('was broken') })
  })
})
