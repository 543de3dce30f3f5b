import type { Command } from '../command'

/**
 * Every command, loaded only when called so that `keyward helper` starts without paying for
 * the others. Each lives in its own file under this folder.
 */
export const commands: Record<string, () => Promise<Command>> = {
  daemon: async () => (await import('./daemon')).daemonCommand,
  helper: async () => (await import('./helper')).helperCommand,
  orgs: async () => (await import('./orgs')).orgsCommand,
  demo: async () => (await import('./demo')).demoCommand,
  rotate: async () => (await import('./rotate')).rotateCommand,
  emulator: async () => (await import('./emulator')).emulatorCommand,
}
