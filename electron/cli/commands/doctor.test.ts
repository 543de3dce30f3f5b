import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { KeywardError } from '../../../shared/errors'
import { createMemoryKeychain } from '../../core/vault/memory-keychain'
import { socketLocation } from '../../core/socket/socket-path'
import type { CliIO } from '../io'
import { type DoctorDeps, doctorLines, firstWord, runDoctor } from './doctor'

let home: string
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'kw-doc-'))
})
afterEach(() => rmSync(home, { recursive: true, force: true }))

function setup(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = []
  const io: CliIO = { stdout: { write: (t: string) => out.push(t) }, stderr: { write: () => true }, stdin: new PassThrough(), env: { HOME: home, ...env }, cwd: home }
  const deps: DoctorDeps = {
    keychain: createMemoryKeychain(),
    bindings: { which: async (d) => ({ profile: 'acme', reason: 'binding', directory: d, cwd: d }) as never },
    location: socketLocation(join(home, 'data')),
  }
  return { io, out, deps }
}

describe('keyward doctor', () => {
  it('passes with warnings when nothing is set up, and names the fixes', async () => {
    const { io, out, deps } = setup({ ANTHROPIC_API_KEY: 'x' })
    expect(await runDoctor({ json: false }, io, deps)).toBe(0)
    const text = out.join('')
    expect(text).toMatch(/^ok +keychain/m)
    expect(text).toMatch(/^warn +daemon: no Keyward app or daemon listens/m)
    expect(text).toMatch(/→ run: keyward claude setup/)
    expect(text).toMatch(/^warn +env ANTHROPIC_API_KEY/m)
    expect(text).toMatch(/^ok +profile: .* gets profile acme/m)
  })

  it('fails on an unreachable keychain, a settings file that is not JSON, and a helper that does not exist', async () => {
    const { io, out, deps } = setup()
    mkdirSync(join(home, '.claude'))
    writeFileSync(join(home, '.claude', 'settings.json'), '{"apiKeyHelper": "/nowhere/keyward helper"}')
    mkdirSync(join(home, 'proj'))
    const broken: DoctorDeps = { ...deps, keychain: { ...deps.keychain, get: async () => { throw new KeywardError('KEYCHAIN_UNAVAILABLE', 'no Secret Service') } } }
    expect(await runDoctor({ json: true }, io, broken)).toBe(1)
    const report = JSON.parse(out.join('')) as { ok: boolean; checks: { name: string; status: string }[] }
    expect(report.ok).toBe(false)
    expect(report.checks.find((c) => c.name === 'keychain')?.status).toBe('fail')
    expect(report.checks.find((c) => c.name === 'claude user settings')?.status).toBe('fail')
    writeFileSync(join(home, '.claude', 'settings.json'), '{ nope')
    out.length = 0
    await runDoctor({ json: true }, io, deps)
    expect((JSON.parse(out.join('')) as { checks: { name: string; status: string }[] }).checks.find((c) => c.name === 'claude user settings')?.status).toBe('fail')
  })

  it('prints each fix once: not inside the message as well, and not again for a second check', async () => {
    const { io, out, deps } = setup()
    const broken: DoctorDeps = {
      ...deps,
      keychain: { ...deps.keychain, get: async () => { throw new KeywardError('KEYCHAIN_UNAVAILABLE', 'the OS keychain could not read a key (no Secret Service); start and unlock your login keyring. Nothing was stored in plaintext.') } },
      bindings: { which: async () => { throw new KeywardError('NOT_BOUND', `no key is bound to ${home} or its parents; run: keyward use <profile> --dir ${home}`) } },
    }
    await runDoctor({ json: false }, io, broken)
    const text = out.join('')
    expect(text.match(/keyward use <profile> --dir/g)).toHaveLength(1)
    expect(text.match(/start and unlock your login keyring/g)).toHaveLength(1)
    expect(text).toMatch(/→ start and unlock your login keyring; or keep keys in an encrypted file instead: keyward vault init --backend file; then run keyward doctor again/)
    expect(text.match(/→ run: keyward claude setup/g)).toHaveLength(1)
    expect(doctorLines([
      { name: 'a', status: 'warn', message: 'x', fix: 'do y' },
      { name: 'b', status: 'warn', message: 'z', fix: 'do y' },
    ])).toEqual(['warn  a: x', '      → do y', 'warn  b: z', '      → the fix above'])
  })

  it('reads the program from a quoted apiKeyHelper', () => {
    expect(firstWord("'/opt/my apps/keyward' helper")).toBe('/opt/my apps/keyward')
    expect(firstWord("'/it'\\''s/keyward' helper")).toBe("/it's/keyward")
    expect(firstWord('/usr/bin/keyward helper')).toBe('/usr/bin/keyward')
  })
})
