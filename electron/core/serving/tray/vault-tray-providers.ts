import { KeywardError } from '../../../../shared/errors'
import { findProfile } from '../../keys/profiles/profiles-service'
import { profileKeyAccount } from '../../vault/secret-accounts'
import type { Vault } from '../../vault/vault'
import type { TrayProviders } from './tray-providers'

/** The tray's vault and audit providers: profiles, the default switcher, "Copy key" and recent projects. */
export type VaultTrayProviders = Pick<TrayProviders, 'profiles' | 'readKey' | 'setDefaultProfile' | 'recentServed' | 'recordCopied'>

/** Builds the tray's providers over the vault's services, so the tray shows and changes what the CLI does. */
export function vaultTrayProviders(vault: Pick<Vault, 'config' | 'keychain' | 'audit' | 'profiles'>): VaultTrayProviders {
  return {
    async profiles() {
      const list = await vault.profiles.list()
      return {
        defaultProfile: list.find((p) => p.isDefault)?.name ?? null,
        profiles: list.map((p) => ({ name: p.name, hint: p.hint })),
      }
    },
    async readKey(profile) {
      // Only a profile the config knows: the tray never reads arbitrary keychain accounts.
      findProfile(await vault.config.read(), profile)
      const key = await vault.keychain.get(profileKeyAccount(profile))
      if (key === null) throw new KeywardError('NOT_FOUND', `the keychain has no key for profile "${profile}"; run: keyward remove ${profile} --force, then add it again`)
      return key
    },
    async setDefaultProfile(profile) {
      await vault.profiles.setDefault(profile)
    },
    async recentServed(limit) {
      return (await vault.audit.read({ limit })).filter((e) => e.event === 'key.served')
    },
    async recordCopied(profile) {
      await vault.audit.append({ event: 'key.copied', profile, transport: 'tray' })
    },
  }
}
