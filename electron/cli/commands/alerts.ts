import type { SpikeAlert, SpikeRule } from '../../../shared/contract/alerts.contract'
import { KeywardError } from '../../../shared/errors'
import { formatMoney, fromAmount } from '../../../shared/money'
import { type Command, parseFlags, printJson } from '../command'
import { EXIT } from '../exit-codes'
import type { CliIO } from '../io'
import type { UsageModule } from '../../core/usage/usage-module'
import { safeValue } from '../../../shared/terminal-text'
import { dollarsFlag } from '../typed-dollars'

/** What `keyward alerts spike` was asked to do: show the rule and recent spikes, or change the rule. */
export interface SpikeOptions {
  readonly change: Partial<SpikeRule>
  readonly json: boolean
}

/** Parses `keyward alerts spike [--multiplier N] [--min AMOUNT] [--channel NAME…] [--no-channels] [--on|--off] [--json]`. */
export function parseAlertsArgs(args: string[]): SpikeOptions {
  const { values, positionals } = parseFlags(args, {
    multiplier: { type: 'string' },
    min: { type: 'string' },
    channel: { type: 'string', multiple: true },
    'no-channels': { type: 'boolean', default: false },
    on: { type: 'boolean', default: false },
    off: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  })
  const [what] = positionals
  if (what !== 'spike' || positionals.length > 1) throw new KeywardError('INVALID_INPUT', 'usage: keyward alerts spike [--multiplier N] [--min AMOUNT] [--channel NAME…] [--on|--off] [--json]')
  if (values.on && values.off) throw new KeywardError('INVALID_INPUT', 'give --on or --off, not both')
  if (values.channel && values['no-channels']) throw new KeywardError('INVALID_INPUT', 'give --channel NAME or --no-channels, not both')
  const change: { -readonly [K in keyof SpikeRule]?: SpikeRule[K] } = {}
  if (values.multiplier !== undefined) {
    const n = Number(values.multiplier)
    if (!/^\d+(\.\d{1,2})?$/.test(values.multiplier) || n < 1.5 || n > 1000)
      throw new KeywardError('INVALID_INPUT', `--multiplier must be a number from 1.5 to 1000 with at most two decimals, such as 5, not "${values.multiplier.slice(0, 20)}"`)
    change.multiplier = n
  }
  if (values.min !== undefined) {
    change.minAmount = dollarsFlag(values.min, '--min', { allowZero: true }).dollars
  }
  if (values.channel) change.channels = values.channel
  if (values['no-channels']) change.channels = []
  if (values.on) change.enabled = true
  if (values.off) change.enabled = false
  return { change, json: values.json }
}

/** One spike as a line: hour, amount against the usual hour, and who. */
export function spikeLine(a: SpikeAlert): string {
  const money = (amount: string): string => formatMoney(fromAmount(amount), { currency: 'USD' })
  const who = [a.key && `key ${safeValue(a.key.name)}`, a.workspace && `workspace ${safeValue(a.workspace)}`, a.person && `person ${safeValue(a.person)}`].filter(Boolean).join(', ')
  return `${a.hour.slice(0, 13).replace('T', ' ')}:00 UTC  ${money(a.cost)} (usual hour ${money(a.baseline)})  ${who}  [${safeValue(a.orgName)}]`
}

/** Runs `keyward alerts spike`. */
export async function runAlerts(options: SpikeOptions, io: CliIO, usage: Pick<UsageModule, 'spikes'>): Promise<number> {
  const changed = Object.keys(options.change).length > 0
  const rule = changed ? await usage.spikes.setRule(options.change) : await usage.spikes.rule()
  const recent = await usage.spikes.recent()
  if (options.json) {
    printJson(io, { rule, recent })
    return EXIT.OK
  }
  const channels = rule.channels.length > 0 ? `; also to ${rule.channels.join(', ')}` : ''
  io.stdout.write(
    `Spike alerts ${rule.enabled ? 'on' : 'off'}: an hour above ${rule.multiplier}× a key's median hour and at least ${formatMoney(fromAmount(rule.minAmount), { currency: 'USD' })}, once per key per UTC day${channels}.\n`,
  )
  io.stdout.write(
    recent.length === 0
      ? 'No spikes yet.\n'
      : `Recent spikes:\n${recent
          .slice(0, 10)
          .map((a) => `  ${spikeLine(a)}`)
          .join('\n')}\n`,
  )
  return EXIT.OK
}

/** `keyward alerts`. */
export const alertsCommand: Command = {
  summary: 'show or set spike alerts (an hour far above a key’s usual spend)',
  help: `Usage: keyward alerts spike [--multiplier N] [--min AMOUNT] [--channel NAME…] [--no-channels] [--on|--off] [--json]

Without options, prints the spike rule and the recent spikes. After each sync, every hour of the
last two days is checked: an hour in which a key spends more than N times its median hour (over
the 48 hours before it, hours with spend only) and at least AMOUNT raises one alert naming the
key, its workspace and person and the hour, at most once per key per UTC day.
  --multiplier N   times the median hour (default 5; 1.5 to 1000)
  --min AMOUNT     the smallest hour that counts, in dollars such as 10 or 1,250.50 (default 10)
  --channel NAME   an alert channel that also receives spike alerts (repeat for several)
  --no-channels    desktop notification (or the daemon's log) only
  --on, --off      turn spike alerts on or off
  --json           print the rule and recent spikes as JSON
Exit codes: 0 done, 2 bad input, 3 no such channel, 1 other failure.`,
  run: async (args, io, cli) => runAlerts(parseAlertsArgs(args), io, await cli.usage()),
}
