import { readFileSync, readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SECRET_KINDS, type SecretOwners, kindOfAccount, knownAccount, probeAccount, secretAccountsOf } from './secret-accounts'

const OWNERS: SecretOwners = { profiles: ['acme', 'a.b-c_9'], channels: ['ops', 'siem-1'], configPath: '/home/u/.config/keyward/config.json' }

/** Every TypeScript file of the repository's code and tests (relative paths). */
function sourceFiles(): string[] {
  const root = join(__dirname, '../../..')
  return ['electron', 'shared', 'test', 'bench', 'renderer'].flatMap((top) =>
    readdirSync(join(root, top), { withFileTypes: true, recursive: true })
      .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
      .map((e) => relative(root, join(e.parentPath, e.name))),
  )
}
const read = (path: string): string => readFileSync(join(__dirname, '../../..', path), 'utf8')

describe('the kinds of secret Keyward keeps', () => {
  it('lists profile keys, previous keys, the guard secret and channel secrets', () => {
    expect(Object.keys(SECRET_KINDS).sort()).toEqual(['channelSecrets', 'guardSecret', 'previousKey', 'profileKey'])
  })

  it('gives each kind its own accounts, each read back as that kind and owner', () => {
    const all = secretAccountsOf(OWNERS)
    expect(new Set(all).size).toBe(all.length)
    for (const [name, kind] of Object.entries(SECRET_KINDS)) {
      const accounts = kind.accountsOf(OWNERS)
      expect(accounts.length, name).toBeGreaterThan(0)
      for (const account of accounts) {
        expect(kindOfAccount(account), account).toBe(name)
        expect(kind.account(kind.ownerOf(account)!)).toBe(account)
      }
    }
    expect(all).toEqual(expect.arrayContaining(['acme', 'acme#previous', 'channel:ops', `keyward:integrity:${OWNERS.configPath}`]))
  })

  it('refuses a name that is none of them (the key socket and vault.age keys are checked with it)', () => {
    for (const text of ['', 'a:b', 'channel:', 'keyward:integrity:', '#previous', 'x y', 'acme#other']) {
      expect(() => knownAccount(text), JSON.stringify(text)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }))
    }
    expect(knownAccount('channel:ops')).toBe('channel:ops')
  })

  it('keeps the probe accounts out of the secrets (never migrated)', () => {
    expect(secretAccountsOf(OWNERS)).not.toContain(probeAccount('doctor'))
  })
})

describe('no account name is made outside secret-accounts.ts', () => {
  const files = sourceFiles()

  it('no other file casts to SecretAccount', () => {
    const casting = files.filter((f) => !f.endsWith('vault/secret-accounts.ts') && /\bas\s+(unknown\s+as\s+)?SecretAccount\b/.test(read(f)))
    expect(casting).toEqual([])
  })

  it('only keychain.ts loads keytar, and the OS keychain is opened only where the backend is decided', () => {
    const code = files.filter((f) => !/\.test\.tsx?$/.test(f) && (f.startsWith('electron/') || f.startsWith('shared/')))
    expect(code.filter((f) => /from 'keytar'|import\('keytar'\)|require\('keytar'\)/.test(read(f)))).toEqual(['electron/core/vault/keychain.ts'])
    const opening = code.filter((f) => /createKeytarKeychain\(/.test(read(f)) && !f.endsWith('vault/keychain.ts'))
    expect(opening.sort()).toEqual([
      // `keyward vault migrate`: the CLI context hands it the OS keychain, one side of every migration.
      'electron/cli/cli-context.ts',
      // The CLI's keychain by the configured backend (every command's vault).
      'electron/cli/cli-keychain.ts',
      // The no-daemon helper, after it checked that the backend is the OS keychain.
      'electron/cli/fast/helper-direct.ts',
      // The composition root: the OS keychain when config.json names no file vault and no test keychain is given.
      'electron/core/core.ts',
      // The vault builder's default, when neither a file vault nor a test keychain is given.
      'electron/core/vault/vault.ts',
    ])
  })
})
