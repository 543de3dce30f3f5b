import type { Host } from '../../../../shared/contract'

/**
 * What guarding a key really does on the host that serves this screen: the desktop app asks in a
 * prompt naming the tool's process; the headless daemon has no prompt and refuses every request.
 */
export function guardEffect(host: Host | null): string {
  if (host === 'daemon') {
    return 'This dashboard is served by the headless keyward daemon, which has no prompt to ask you: while the guard is on, it refuses every request for this key. Run the Keyward desktop app to approve requests one by one.'
  }
  return 'A tool asking for this key waits until you approve a prompt that names its process. Without the desktop app running (under the headless daemon, or with no app at all), every request for it is refused. Programs that read the keychain directly are not stopped.'
}
