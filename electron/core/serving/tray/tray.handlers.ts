import type { Handlers } from '../../router'
import type { TrayService } from './tray-service'

/** Handlers for `tray.*`: the summary only; copying a key never crosses the contract. */
export function trayHandlers(service: TrayService): Pick<Handlers, 'tray.summary'> {
  return {
    'tray.summary': () => service.summary(),
  }
}
