import { describe, expect, it } from 'vitest'
import { createKeytarKeychain, keychainUnavailable } from './keychain'
import { createMemoryKeychain } from './memory-keychain'
import { profileKeyAccount } from './secret-accounts'

type Keytar = typeof import('keytar')

describe('keytar keychain', () => {
  it('stores under service "keyward", one account per profile', async () => {
    const calls: string[] = []
    const fake = {
      getPassword: async (s: string, a: string) => (calls.push(`get ${s} ${a}`), 'v'),
      setPassword: async (s: string, a: string) => void calls.push(`set ${s} ${a}`),
      deletePassword: async (s: string, a: string) => (calls.push(`delete ${s} ${a}`), true),
    } as unknown as Keytar
    const keychain = createKeytarKeychain(undefined, async () => fake)
    expect(await keychain.get(profileKeyAccount('acme'))).toBe('v')
    await keychain.set(profileKeyAccount('acme'), 'secret')
    expect(await keychain.delete(profileKeyAccount('acme'))).toBe(true)
    expect(calls).toEqual(['get keyward acme', 'set keyward acme', 'delete keyward acme'])
  })

  it('loads keytar only on first use', async () => {
    let loads = 0
    createKeytarKeychain('keyward', async () => (loads++, {} as Keytar))
    expect(loads).toBe(0)
  })

  it('maps a failure to load libsecret or reach D-Bus to KEYCHAIN_UNAVAILABLE with what to do', async () => {
    const noLib = createKeytarKeychain('keyward', async () => {
      throw new Error('libsecret-1.so.0: cannot open shared object file: No such file or directory')
    })
    await expect(noLib.get(profileKeyAccount('acme'))).rejects.toMatchObject({
      code: 'KEYCHAIN_UNAVAILABLE',
      message: expect.stringMatching(/could not read a key \(libsecret-1\.so\.0.*\);.*(unlock|install gnome-keyring).*Nothing was stored in plaintext/),
    })
    const noBus = createKeytarKeychain(
      'keyward',
      async () =>
        ({
          setPassword: async () => {
            throw new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')
          },
        }) as unknown as Keytar,
    )
    await expect(noBus.set(profileKeyAccount('acme'), 'sk-ant-api03-abcdefghijklmnop')).rejects.toMatchObject({
      code: 'KEYCHAIN_UNAVAILABLE',
      message: expect.stringContaining('could not store a key (Cannot autolaunch D-Bus'),
    })
  })

  it('on Linux names both ways out: a Secret Service, or the file vault (add, doctor and the dashboard show this message)', () => {
    const message = keychainUnavailable('store a key', new Error('Cannot autolaunch D-Bus without X11 $DISPLAY'), 'linux').message
    expect(message).toMatch(/start and unlock your login keyring \(gnome-keyring or KeePassXC with Secret Service enabled\)/)
    expect(message).toContain('keep keys in an encrypted file instead: keyward vault init --backend file')
  })

  it('redacts anything key-shaped a native error might echo', async () => {
    const leaky = createKeytarKeychain(
      'keyward',
      async () =>
        ({
          getPassword: async () => {
            throw new Error('weird sk-ant-api03-SECRETSECRETSECRET')
          },
        }) as unknown as Keytar,
    )
    const error = await leaky.get(profileKeyAccount('a')).catch((e: Error) => e)
    expect((error as Error).message).not.toContain('SECRETSECRET')
  })
})

describe('memory keychain', () => {
  it('behaves like a keychain and can be made to fail', async () => {
    const keychain = createMemoryKeychain()
    await keychain.set(profileKeyAccount('a'), 's')
    expect(await keychain.get(profileKeyAccount('a'))).toBe('s')
    expect(await keychain.delete(profileKeyAccount('a'))).toBe(true)
    expect(await keychain.delete(profileKeyAccount('a'))).toBe(false)
    keychain.failing = true
    await expect(keychain.get(profileKeyAccount('a'))).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' })
  })
})
