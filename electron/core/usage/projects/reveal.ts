import { KeywardError } from '../../../../shared/errors'

/** Shows a directory in the desktop's file manager; the Electron host supplies one (shell.showItemInFolder). */
export interface Revealer {
  /** Opens the file manager at `path`, which the caller has checked is a listed project directory. */
  showInFolder(path: string): Promise<void> | void
}

/** The revealer of hosts with no desktop (the daemon and its browser UI): refuses, with the path to copy. */
export const noRevealer: Revealer = {
  showInFolder(path) {
    throw new KeywardError('UNAVAILABLE', `this Keyward host cannot open a file manager (the browser UI has no access to your desktop); copy the path and open it yourself: ${path}`)
  },
}
