import type { Command } from '../command'

/**
 * Every command, loaded only when called so that `keyward helper` starts without paying for
 * the others. Each lives in its own file under this folder.
 */
export const commands: Record<string, () => Promise<Command>> = {
  add: async () => (await import('./add')).addCommand,
  list: async () => (await import('./list')).listCommand,
  remove: async () => (await import('./remove')).removeCommand,
  rename: async () => (await import('./rename')).renameCommand,
  use: async () => (await import('./use')).useCommand,
  unbind: async () => (await import('./unbind')).unbindCommand,
  default: async () => (await import('./default')).defaultCommand,
  guard: async () => (await import('./guard')).guardCommand,
  forward: async () => (await import('./forward')).forwardCommand,
  ssh: async () => (await import('./ssh')).sshCommand,
  which: async () => (await import('./which')).whichCommand,
  allow: async () => (await import('./allow')).allowCommand,
  daemon: async () => (await import('./daemon')).daemonCommand,
  helper: async () => (await import('../fast/helper')).helperCommand,
  exec: async () => (await import('./exec')).execCommand,
  env: async () => (await import('./env')).envCommand,
  claude: async () => (await import('./claude')).claudeCommand,
  doctor: async () => (await import('./doctor')).doctorCommand,
  orgs: async () => (await import('./orgs')).orgsCommand,
  demo: async () => (await import('./demo')).demoCommand,
  rotate: async () => (await import('./rotate')).rotateCommand,
  emulator: async () => (await import('./emulator')).emulatorCommand,
  usage: async () => (await import('./usage')).usageCommand,
  sync: async () => (await import('./sync')).syncCommand,
  budgets: async () => (await import('./budgets')).budgetsCommand,
  channels: async () => (await import('./channels')).channelsCommand,
  alerts: async () => (await import('./alerts')).alertsCommand,
  projects: async () => (await import('./projects')).projectsCommand,
  statusline: async () => (await import('../fast/statusline')).statuslineCommand,
  audit: async () => (await import('./audit')).auditCommand,
  vault: async () => (await import('./vault')).vaultCommand,
  unlock: async () => (await import('./unlock')).unlockCommand,
  lock: async () => (await import('./lock')).lockCommand,
  review: async () => (await import('./review')).reviewCommand,
  offboard: async () => (await import('./offboard')).offboardCommand,
}
