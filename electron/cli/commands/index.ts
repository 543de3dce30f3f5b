import type { Command } from '../command'

/**
 * Every command, loaded only when called so that `keyward helper` starts without paying for
 * the others. Each lives in its own file under this folder.
 */
export const commands: Record<string, () => Promise<Command>> = {
  daemon: async () => (await import('./daemon')).daemonCommand,
  helper: async () => (await import('./helper')).helperCommand,
}
