import { isKeywardError } from '../../../shared/errors'
import type { Keychain } from './keychain'
import { probeAccount } from './secret-accounts'

/** The other way to keep keys where no OS keychain runs (an age-encrypted file vault). */
export const FILE_VAULT_FIX = 'or keep keys in an encrypted file instead: keyward vault init --backend file'

/** `advice` with the file-vault way out added, unless it already names it (the Linux remedy does): each fix said once. */
export function withFileVaultFix(advice: string): string {
  if (advice.includes('keyward vault init')) return advice
  return advice === '' ? FILE_VAULT_FIX : `${advice}; ${FILE_VAULT_FIX}`
}

/**
 * Reads a key that does not exist, to learn at start (not at the first Add key) whether the OS
 * keychain answers. Returns null when it does, else one line that says so with both fixes: start
 * and unlock a keychain (a Secret Service on Linux), or use the file vault.
 */
export async function keychainStartupWarning(keychain: Keychain): Promise<string | null> {
  try {
    await keychain.get(probeAccount('startup'))
    return null
  } catch (error) {
    const why = isKeywardError(error) ? error.message.replace(/ Nothing was stored in plaintext\.$/, '').replace(/\.$/, '') : String(error).slice(0, 200)
    return `no OS keychain answers here, so keys cannot be added or served yet: ${withFileVaultFix(why)}.`
  }
}
