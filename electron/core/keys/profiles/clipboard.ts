import { KeywardError } from '../../../../shared/errors'

/** Where `profiles.copyKey` puts a key; the Electron host supplies one that clears itself after 30 s. */
export interface Clipboard {
  /** Puts `secret` on the system clipboard. */
  writeSecret(secret: string): Promise<void>
}

/** The clipboard of hosts that have none (the CLI, the headless daemon): refuses with what to do instead. */
export const noClipboard: Clipboard = {
  async writeSecret() {
    throw new KeywardError('UNAVAILABLE', 'this Keyward host has no clipboard; copy keys from the desktop app, or use keyward exec -- CMD to pass a key to a program')
  },
}
