import type { Handlers } from '../../router'
import type { SpikeService } from './spike-service'

/** Handlers for `alerts.spikes` and `alerts.setSpikeRule`. */
export function spikeHandlers(spikes: SpikeService): Pick<Handlers, 'alerts.spikes' | 'alerts.setSpikeRule'> {
  return {
    'alerts.spikes': async () => ({ rule: await spikes.rule(), recent: await spikes.recent() }),
    'alerts.setSpikeRule': (input) => spikes.setRule(input),
  }
}
