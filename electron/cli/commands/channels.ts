import { randomBytes } from 'node:crypto'
import type { ChannelView } from '../../../shared/contract/channels.contract'
import { KeywardError } from '../../../shared/errors'
import type { ChannelsModule } from '../../core/alerts/channels/channels-module'
import { type Command, parseFlags, printJson } from '../command'
import { EXIT } from '../exit-codes'
import type { CliIO } from '../io'
import { backendLabel } from '../../core/vault/backend'
import { resolveDataDir } from '../../core/platform/paths'
import { readSecretFromPipe } from '../read-secret'
import { safeValue } from '../../../shared/terminal-text'

/** What `keyward channels` was asked to do. */
export type ChannelsOptions =
  | { readonly action: 'list'; readonly json: boolean }
  | { readonly action: 'remove' | 'test'; readonly name: string; readonly json: boolean }
  | { readonly action: 'retry'; readonly alertId: string; readonly name: string; readonly json: boolean }
  | {
      readonly action: 'add-webhook'
      readonly name: string
      /** `-`: read from stdin (a Slack URL is a token: argv is visible to other processes). */
      readonly url: string
      readonly format: 'slack' | 'json'
      readonly secretStdin: boolean
      readonly json: boolean
    }
  | {
      readonly action: 'add-email'
      readonly name: string
      readonly smtpUrl: string
      readonly to: string[]
      readonly from?: string | undefined
      readonly passwordStdin: boolean
      readonly allowPlaintext: boolean
      readonly json: boolean
    }

const USAGE = 'keyward channels add NAME --webhook URL [--format slack|json] | --smtp URL --to ADDR…'

/** Parses `keyward channels [list | add … | remove NAME | test NAME | retry ALERT_ID NAME]`. */
export function parseChannelsArgs(args: string[]): ChannelsOptions {
  const { values, positionals } = parseFlags(args, {
    webhook: { type: 'string' },
    format: { type: 'string', default: 'slack' },
    'secret-stdin': { type: 'boolean', default: false },
    smtp: { type: 'string' },
    to: { type: 'string', multiple: true },
    from: { type: 'string' },
    'password-stdin': { type: 'boolean', default: false },
    'allow-plaintext': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  })
  const [action = 'list', name, extra] = positionals
  const json = values.json
  if (action === 'list') return { action, json }
  if (action === 'remove' || action === 'test') {
    if (!name) throw new KeywardError('INVALID_INPUT', `name the channel: keyward channels ${action} NAME (keyward channels lists them)`)
    return { action, name, json }
  }
  if (action === 'retry') {
    if (!name || !extra) throw new KeywardError('INVALID_INPUT', 'name the alert and the channel: keyward channels retry ALERT_ID NAME (keyward channels list shows failed ones)')
    return { action, alertId: name, name: extra, json }
  }
  if (action !== 'add') throw new KeywardError('INVALID_INPUT', `unknown channels action "${action.slice(0, 40)}"; use list, add, remove, test or retry`)
  if (!name) throw new KeywardError('INVALID_INPUT', `name the channel: ${USAGE}`)
  if ((values.webhook === undefined) === (values.smtp === undefined)) throw new KeywardError('INVALID_INPUT', `give exactly one of --webhook URL or --smtp URL: ${USAGE}`)
  if (values.webhook !== undefined) {
    if (values.format !== 'slack' && values.format !== 'json') throw new KeywardError('INVALID_INPUT', '--format must be slack ({"text": …}) or json (signed with HMAC-SHA256)')
    if (values.to || values.from || values['password-stdin'] || values['allow-plaintext'])
      throw new KeywardError('INVALID_INPUT', '--to, --from, --password-stdin and --allow-plaintext are for --smtp channels')
    if (values['secret-stdin'] && values.format !== 'json') throw new KeywardError('INVALID_INPUT', '--secret-stdin is for --format json (a slack webhook is not signed)')
    return { action: 'add-webhook', name, url: values.webhook, format: values.format, secretStdin: values['secret-stdin'], json }
  }
  if (values['secret-stdin'] || args.some((a) => a === '--format' || a.startsWith('--format='))) throw new KeywardError('INVALID_INPUT', '--format and --secret-stdin are for --webhook channels')
  if (!values.to || values.to.length === 0) throw new KeywardError('INVALID_INPUT', 'name who gets the alerts: --to ops@example.com (repeat --to for more)')
  return {
    action: 'add-email',
    name,
    smtpUrl: values.smtp!,
    to: values.to.flatMap((t) => t.split(',')),
    from: values.from,
    passwordStdin: values['password-stdin'],
    allowPlaintext: values['allow-plaintext'],
    json,
  }
}

/** The lines stdin carries, in order: the webhook URL (for `--webhook -`), then a signing secret or a password. */
async function stdinLines(io: CliIO, wanted: number): Promise<string[]> {
  if (wanted === 0) return []
  if (io.stdin.isTTY) throw new KeywardError('INVALID_INPUT', 'pipe the URL or secret on stdin (e.g. printf %s "$SECRET" | keyward channels add …); stdin is a terminal')
  const lines = (await readSecretFromPipe(io.stdin)).split(/\r?\n/).filter((l) => l !== '')
  if (lines.length < wanted) throw new KeywardError('INVALID_INPUT', `stdin held ${lines.length} line(s); expected ${wanted} (the webhook URL for --webhook -, then the secret)`)
  return lines
}

function printChannel(io: CliIO, c: ChannelView): void {
  const h = c.health
  const state = h.failed > 0 ? `${h.failed} failed` : h.pending > 0 ? `${h.pending} waiting` : h.lastDeliveredAt ? `last delivered ${h.lastDeliveredAt}` : 'nothing sent yet'
  io.stdout.write(`${c.name}  ${c.kind}${c.format ? ` (${c.format})` : ''}  ${c.target}  ${state}${h.lastError ? `; last error: ${safeValue(h.lastError)}` : ''}\n`)
}

/** Runs `keyward channels` over the channels module (the CLI context's). */
export async function runChannels(options: ChannelsOptions, io: CliIO, channels: ChannelsModule): Promise<number> {
  const { service, outbox } = channels
  switch (options.action) {
    case 'list': {
      const list = await service.list()
      if (options.json) printJson(io, list)
      else {
        if (list.channels.length === 0) io.stdout.write(`No channels. Add one: ${USAGE}\n`)
        for (const c of list.channels) printChannel(io, c)
        for (const d of list.deliveries.filter((x) => x.state === 'failed'))
          io.stdout.write(`failed  ${d.alertId} → ${d.channel}: ${safeValue(d.title)} (${safeValue(d.lastError ?? '')}); retry: keyward channels retry ${d.alertId} ${d.channel}\n`)
      }
      return EXIT.OK
    }
    case 'add-webhook': {
      const lines = await stdinLines(io, (options.url === '-' ? 1 : 0) + (options.secretStdin ? 1 : 0))
      const url = options.url === '-' ? lines[0]! : options.url
      const generated = options.format === 'json' && !options.secretStdin ? randomBytes(32).toString('hex') : undefined
      const signingSecret = options.secretStdin ? lines.at(-1) : generated
      const view = await service.addWebhook({ name: options.name, url, format: options.format, signingSecret })
      if (options.json) printJson(io, { ...view, ...(generated !== undefined && { signingSecret: generated }) })
      else {
        io.stdout.write(`Added webhook channel ${view.name} (${view.format}) to ${view.target}; its URL is in ${backendLabel(resolveDataDir(io.env))}.\n`)
        if (generated !== undefined) io.stdout.write(`Signing secret (shown only now; give it to the receiver to check X-Keyward-Signature): ${generated}\n`)
        io.stdout.write(`Try it: keyward channels test ${view.name}\n`)
      }
      return EXIT.OK
    }
    case 'add-email': {
      const password = options.passwordStdin ? (await stdinLines(io, 1))[0] : undefined
      const view = await service.addEmail({ name: options.name, smtpUrl: options.smtpUrl, to: options.to, from: options.from, password, allowPlaintext: options.allowPlaintext })
      if (options.json) printJson(io, view)
      else
        io.stdout.write(
          `Added e-mail channel ${view.name}: ${view.target}${password !== undefined || /:[^@/]*@/.test(options.smtpUrl) ? `; the password is in ${backendLabel(resolveDataDir(io.env))}, not in channels.json` : ''}.\nTry it: keyward channels test ${view.name}\n`,
        )
      return EXIT.OK
    }
    case 'remove': {
      const removed = await service.remove(options.name)
      if (options.json) printJson(io, { removed })
      else io.stdout.write(removed ? `Removed channel ${options.name}.\n` : `There is no channel ${options.name}.\n`)
      return removed ? EXIT.OK : EXIT.NOT_FOUND
    }
    case 'test': {
      const result = await service.test(options.name)
      if (options.json) printJson(io, result)
      else (result.ok ? io.stdout : io.stderr).write(`${result.ok ? '' : 'keyward: '}${result.message}\n`)
      return result.ok ? EXIT.OK : EXIT.FAILED
    }
    case 'retry': {
      const requeued = await outbox.requeue(options.alertId, options.name)
      if (options.json) printJson(io, { requeued })
      else
        io.stdout.write(
          requeued
            ? `Queued alert ${options.alertId} for ${options.name} again; the app or daemon sends it.\n`
            : `There is no failed alert ${options.alertId.slice(0, 40)} for ${options.name.slice(0, 40)}.\n`,
        )
      return requeued ? EXIT.OK : EXIT.NOT_FOUND
    }
  }
}

/** `keyward channels`. */
export const channelsCommand: Command = {
  summary: 'alert channels (webhooks, e-mail) that budgets and spike alerts send to',
  help: `Usage: keyward channels [list] [--json]
       keyward channels add NAME --webhook URL [--format slack|json] [--secret-stdin]
       keyward channels add NAME --smtp URL --to ADDR [--to ADDR…] [--from ADDR] [--password-stdin] [--allow-plaintext]
       keyward channels remove NAME | test NAME | retry ALERT_ID NAME

A channel receives the alerts of the budgets (keyward budgets set … --channels NAME) and spike
rules that name it, besides the desktop notification or daemon log line. Delivery goes through a
durable outbox that the app or daemon works: retried while the receiver is down, each alert with an
id the receiver can drop duplicates on (X-Keyward-Alert-Id; Message-ID in e-mail).
  --webhook URL   https (plain http only to 127.0.0.1/localhost); "-" reads it from stdin (a Slack URL is a token)
  --format        slack: {"text": …} (default); json: the alert as JSON, signed in X-Keyward-Signature
                  (sha256=HMAC-SHA256(secret, "<X-Keyward-Timestamp>.<body>")); the secret is generated and
                  shown once, or read from stdin with --secret-stdin
  --smtp URL      smtps://[USER[:PASSWORD]@]HOST[:465] (TLS), smtp+starttls://…[:587], or smtp://… (no TLS:
                  only to this machine unless --allow-plaintext); a password in the URL is moved to the
                  OS keychain, or pipe it with --password-stdin
Secrets (webhook URL, signing secret, SMTP password) live where the keys do: in the OS keychain, or
in the file vault when it is the backend (keyward vault); never in channels.json.`,
  run: async (args, io, cli) => runChannels(parseChannelsArgs(args), io, await cli.channels()),
}
