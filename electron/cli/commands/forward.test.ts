import { mkdtemp, realpath } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { type TempVault, adminKey, apiKey, createTempVault } from '../../core/vault/temp-vault.test-support'
import { createBufferIO, runReported } from '../cli-run.test-support'
import { parseForwardArgs, runForward } from './forward'
import { parseUseArgs, runUse } from './use'

let root: string
let vault: TempVault
beforeEach(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), 'keyward-fwdcmd-')))
  vault = await createTempVault(root)
  await vault.profiles.add({ name: 'acme', kind: 'api', key: apiKey('A') })
  await vault.profiles.add({ name: 'org', kind: 'admin', key: adminKey('O') })
})

describe('keyward forward', () => {
  it('marks a profile forwardable and back, saying what it means, audited', async () => {
    const on = createBufferIO(root)
    expect(await runReported(on.io, () => runForward(parseForwardArgs(['acme']), on.io, vault.profiles))).toBe(0)
    expect(on.out()).toContain('acme is now forwardable: machines you reach with keyward ssh can get its key')
    expect((await vault.profiles.list()).find((p) => p.name === 'acme')?.forwardable).toBe(true)
    const off = createBufferIO(root)
    expect(await runReported(off.io, () => runForward(parseForwardArgs(['acme', '--off', '--json']), off.io, vault.profiles))).toBe(0)
    expect(JSON.parse(off.out())).toMatchObject({ name: 'acme', forwardable: false })
    expect((await vault.audit.read()).slice(0, 2).map((e) => [e.event, e.detail])).toEqual([
      ['forward.set', 'off'],
      ['forward.set', 'on'],
    ])
  })

  it('refuses an Admin profile, an unknown one and a missing name with one actionable line', async () => {
    for (const [args, code, message] of [
      [['org'], 2, /holds an Admin key.*cannot be forwarded/],
      [['ghost'], 3, /no profile "ghost"; run: keyward list/],
      [[], 2, /keyward forward NAME \[--off\]/],
    ] as const) {
      const { io, err } = createBufferIO(root)
      expect(await runReported(io, () => runForward(parseForwardArgs([...args]), io, vault.profiles))).toBe(code)
      expect(err()).toMatch(/^keyward: [^\n]*\n$/)
      expect(err()).toMatch(message)
    }
  })
})

describe('keyward use on a machine keys are forwarded to', () => {
  it('records a name no profile here has with --forwarded, and says where its key comes from', async () => {
    const { io, out } = createBufferIO(root)
    expect(await runReported(io, () => runUse(parseUseArgs(['remote-only', '--dir', root, '--forwarded']), io, vault.bindings))).toBe(0)
    expect(out()).toContain('No profile remote-only is stored on this machine: tools here get its key only from a laptop that forwards it')
    expect((await vault.bindings.list()).map((b) => b.profile)).toEqual(['remote-only'])
  })

  it('without --forwarded and no forwarded socket, refuses the unknown name and names the flag', async () => {
    const { io, err } = createBufferIO(root, { env: { KEYWARD_SOCKET: '' } })
    expect(await runReported(io, () => runUse(parseUseArgs(['ghost', '--dir', root]), io, vault.bindings))).toBe(3)
    expect(err()).toContain('record the name anyway: keyward use ghost --forwarded')
  })

  it('with KEYWARD_SOCKET set (a forwarded session), records the name without the flag; an Admin profile stays refused', async () => {
    const forwarded = createBufferIO(root, { env: { KEYWARD_SOCKET: join(root, 'f.sock') } })
    expect(await runReported(forwarded.io, () => runUse(parseUseArgs(['remote-only', '--dir', root]), forwarded.io, vault.bindings))).toBe(0)
    const admin = createBufferIO(root, { env: { KEYWARD_SOCKET: join(root, 'f.sock') } })
    expect(await runReported(admin.io, () => runUse(parseUseArgs(['org', '--dir', root, '--forwarded']), admin.io, vault.bindings))).toBe(2)
    expect(admin.err()).toContain('holds an Admin key')
  })
})
