import { describe, expect, it } from 'vitest'
import { createKeytarKeychain } from './keychain'
import { keychainStartupWarning } from './keychain-probe'
import { createMemoryKeychain } from './memory-keychain'

describe('keychainStartupWarning', () => {
  it('is silent when the keychain answers', async () => {
    expect(await keychainStartupWarning(createMemoryKeychain())).toBeNull()
  })
  it('says at start that no keychain answers, with both fixes: a Secret Service or the file vault', async () => {
    const broken = createKeytarKeychain('keyward-test', async () => {
      throw new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')
    })
    const line = await keychainStartupWarning(broken)
    expect(line).toMatch(/^no OS keychain answers here, so keys cannot be added or served yet: the OS keychain could not read a key \(Cannot autolaunch D-Bus/)
    if (process.platform === 'linux') expect(line).toMatch(/Secret Service/)
    expect(line).toMatch(/keyward vault init --backend file\.$/)
  })
})
