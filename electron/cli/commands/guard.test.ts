import { mkdtemp, realpath } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { beforeEach, describe, expect, it } from 'vitest'
import { apiKey, adminKey, type TempVault, tempVault } from '../../core/vault/temp-vault.test-support'
import { reportFailure } from '../command'
import type { CliIO } from '../io'
import { parseAddArgs, runAdd } from './add'
import { parseGuardArgs, runGuard } from './guard'

function bufferIO(cwd: string, input = '') {
  const out: string[] = []
  const err: string[] = []
  const stdin = new PassThrough()
  stdin.end(input)
  const io: CliIO = { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) }, stdin, env: {}, cwd }
  return { io, out: () => out.join(''), err: () => err.join('') }
}

async function run(io: CliIO, fn: () => Promise<number>): Promise<number> {
  try {
    return await fn()
  } catch (error) {
    return reportFailure(io, error)
  }
}

let root: string
let vault: TempVault
beforeEach(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), 'keyward-guard-')))
  vault = await tempVault(root)
})

describe('keyward add --require-approval and keyward guard', () => {
  it('add --require-approval stores the flag and says how to turn it off', async () => {
    const { io, out } = bufferIO(root, apiKey('G'))
    expect(await run(io, () => runAdd(parseAddArgs(['acme', '--require-approval']), io, vault.profiles))).toBe(0)
    expect(out()).toContain('keyward guard acme --off')
    expect((await vault.config.read()).profiles[0]).toMatchObject({ name: 'acme', requiresApproval: true })
  })

  it('add without the flag leaves approval off; --admin with it is refused', async () => {
    const { io } = bufferIO(root, apiKey('G'))
    await runAdd(parseAddArgs(['acme']), io, vault.profiles)
    expect((await vault.profiles.list())[0]!.requiresApproval).toBe(false)
    const bad = bufferIO(root, adminKey())
    expect(await run(bad.io, () => runAdd(parseAddArgs(['org', '--admin', '--require-approval']), bad.io, vault.profiles))).toBe(2)
    expect(bad.err()).toMatch(/--require-approval is for API keys/)
  })

  it('guard NAME turns approval on, --off turns it off, --json prints the profile; both audited', async () => {
    await vault.profiles.add({ name: 'acme', kind: 'api', key: apiKey('G') })
    const on = bufferIO(root)
    expect(await run(on.io, () => runGuard(parseGuardArgs(['acme']), on.io, vault.profiles))).toBe(0)
    expect(on.out()).toMatch(/acme now needs your approval/)
    expect((await vault.profiles.list())[0]!.requiresApproval).toBe(true)
    const off = bufferIO(root)
    expect(await run(off.io, () => runGuard(parseGuardArgs(['acme', '--off', '--json']), off.io, vault.profiles))).toBe(0)
    expect(JSON.parse(off.out())).toMatchObject({ name: 'acme', requiresApproval: false })
    expect(off.out()).not.toContain(apiKey('G'))
    const events = (await vault.audit.read()).filter((e) => e.event === 'approval.set').map((e) => e.detail)
    expect(events).toEqual(['off', 'required'])
  })

  it('an unknown profile or a missing name is a clear error', async () => {
    const a = bufferIO(root)
    expect(await run(a.io, () => runGuard(parseGuardArgs(['nope']), a.io, vault.profiles))).not.toBe(0)
    expect(a.err()).toMatch(/there is no profile "nope"; run: keyward list/)
    expect(() => parseGuardArgs([])).toThrow(/keyward guard NAME/)
  })
})
