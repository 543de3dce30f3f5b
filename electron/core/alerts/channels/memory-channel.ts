import type { Alert, Channel, DeliveryResult } from './channel'

/** The in-memory twin of a channel for tests: records what it got and answers what it is told to. */
export interface MemoryChannel extends Channel {
  /** Every alert handed to `deliver`, in order, including ones it answered with a failure. */
  readonly attempts: Alert[]
  /** Alerts it accepted, deduplicated by id as a careful receiver would. */
  readonly received: Map<string, Alert>
  /** What the next deliveries answer; when empty, `ok`. */
  readonly script: DeliveryResult[]
}

/** Creates a memory channel named `name`. */
export function createMemoryChannel(name: string, script: DeliveryResult[] = []): MemoryChannel {
  const channel: MemoryChannel = {
    name,
    attempts: [],
    received: new Map(),
    script,
    async deliver(alert) {
      channel.attempts.push(alert)
      const result = channel.script.shift() ?? { kind: 'ok' }
      if (result.kind === 'ok' && !channel.received.has(alert.id)) channel.received.set(alert.id, alert)
      return result
    },
  }
  return channel
}
