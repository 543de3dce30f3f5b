import { ChannelName, type ChannelHealth, type ChannelView, type DeliveryView } from '../../../../shared/contract/channels.contract'
import type { AuditLog } from '../../platform/audit/audit-log'
import { KeywardError } from '../../../../shared/errors'
import { describeZodError } from '../../router'
import type { Channel } from './channel'
import { newAlertId } from './alert-from-notice'
import type { ChannelSecretStore, ChannelSecrets } from './channel-secrets'
import type { ChannelStore, StoredChannel } from './channel-store'
import { checkAddress, checkSmtpUrl, checkWebhookUrl, isLoopbackHost, webhookDisplay } from './channel-urls'
import { openChannel } from './open-channel'
import type { Outbox } from '../outbox/outbox'
import type { OutboxRecord } from '../outbox/outbox-record'

/** Adding a webhook: the URL is checked and kept in the vault with the signing secret. */
export interface WebhookInput {
  readonly name: string
  readonly url: string
  readonly format: 'slack' | 'json'
  readonly signingSecret?: string | undefined
}

/** Adding an e-mail channel: a password in the URL (or given apart) goes to the vault, never to channels.json. */
export interface EmailInput {
  readonly name: string
  readonly smtpUrl: string
  readonly to: readonly string[]
  readonly from?: string | undefined
  readonly password?: string | undefined
  readonly allowPlaintext: boolean
}

/** Named alert channels: add, list with their delivery health, remove, test, and open for the outbox. */
export interface ChannelService {
  addWebhook(input: WebhookInput): Promise<ChannelView>
  addEmail(input: EmailInput): Promise<ChannelView>
  list(): Promise<{ channels: ChannelView[]; deliveries: DeliveryView[] }>
  remove(name: string): Promise<boolean>
  /** Sends a test alert straight to the channel (not through the outbox) and says how it went. */
  test(name: string): Promise<{ ok: boolean; message: string }>
  /** The channel named `name`, ready to deliver; null when there is none. */
  open(name: string): Promise<Channel | null>
  /** The names that exist, for budgets and spike rules to check theirs against. */
  names(): Promise<string[]>
  /** Throws INVALID_INPUT naming the first of `names` that is not a channel (nothing is saved then). */
  requireKnown(names: readonly string[], who: string): Promise<void>
}

/** What the channel service needs; `build` lets tests put memory channels behind the stored settings. */
export interface ChannelServiceDeps {
  readonly store: ChannelStore
  readonly secrets: ChannelSecretStore
  readonly outbox: Pick<Outbox, 'records'>
  /** Budgets (or rules) that name a channel, so one still in use is not removed. */
  readonly usedBy?: (name: string) => Promise<string[]>
  readonly build?: (stored: StoredChannel, secrets: ChannelSecrets | null) => Channel
  readonly now?: () => Date
  /** Where channels added, removed and tested are recorded (channel.created, .deleted, .tested); never a secret. */
  readonly audit?: Pick<AuditLog, 'append'>
}

/** Where a channel delivers, as the settings show it (the webhook's display form, the mail server and recipients); never a secret. */
function describeTarget(stored: StoredChannel): string {
  return stored.kind === 'webhook' ? `${stored.name} (${stored.format}) to ${stored.display}` : `${stored.name} to ${stored.to.join(', ')} via ${stored.host}`
}

function checkName(name: string): string {
  const parsed = ChannelName.safeParse(name)
  if (!parsed.success) throw new KeywardError('INVALID_INPUT', `channel name "${name.slice(0, 60)}": ${describeZodError(parsed.error)}`)
  return parsed.data
}

/** How a channel's deliveries stand, from its outbox records. */
function healthOf(name: string, records: readonly OutboxRecord[]): ChannelHealth {
  const mine = records.filter((r) => r.channel === name)
  const delivered = mine.filter((r) => r.state === 'delivered').sort((a, b) => b.updatedAt - a.updatedAt)[0]
  const lastFailure = mine.filter((r) => r.lastError !== null && r.state !== 'delivered').sort((a, b) => b.updatedAt - a.updatedAt)[0]
  const errorIsLatest = lastFailure !== undefined && (delivered === undefined || lastFailure.updatedAt > delivered.updatedAt)
  return {
    pending: mine.filter((r) => r.state === 'pending' || r.state === 'sending').length,
    failed: mine.filter((r) => r.state === 'failed').length,
    lastDeliveredAt: delivered ? new Date(delivered.updatedAt).toISOString() : null,
    lastError: errorIsLatest ? lastFailure.lastError : null,
  }
}

function viewOf(stored: StoredChannel, records: readonly OutboxRecord[]): ChannelView {
  const target =
    stored.kind === 'webhook'
      ? stored.display
      : `${stored.to.join(', ')} via ${stored.security === 'tls' ? 'smtps' : stored.security === 'starttls' ? 'smtp+starttls' : 'smtp'}://${stored.host}:${stored.port}`
  return { name: stored.name, kind: stored.kind, target, format: stored.kind === 'webhook' ? stored.format : null, health: healthOf(stored.name, records) }
}

/** A delivery as the Channels screen lists it. */
export function deliveryView(r: OutboxRecord): DeliveryView {
  return {
    alertId: r.alert.id,
    channel: r.channel,
    title: r.alert.title,
    state: r.state,
    attempts: r.attempts,
    createdAt: r.alert.createdAt,
    nextAttemptAt: r.nextAttemptAt === null ? null : new Date(r.nextAttemptAt).toISOString(),
    lastError: r.lastError,
  }
}

/** Creates the channel service. */
export function createChannelService(deps: ChannelServiceDeps): ChannelService {
  const now = deps.now ?? (() => new Date())
  const build = deps.build ?? openChannel

  /** Saves a channel: secrets first, then the settings; a failed settings write takes the secrets back out. */
  async function save(stored: StoredChannel, secrets: ChannelSecrets): Promise<ChannelView> {
    const taken = (file: { channels: StoredChannel[] }): boolean => file.channels.some((c) => c.name === stored.name)
    const duplicate = (): KeywardError =>
      new KeywardError('ALREADY_EXISTS', `a channel named ${stored.name} already exists; choose another name, or remove it first (keyward channels remove ${stored.name})`)
    if (taken(await deps.store.read())) throw duplicate()
    await deps.secrets.set(stored.name, secrets)
    try {
      await deps.store.update((file) => {
        if (taken(file)) throw duplicate()
        return { ...file, channels: [...file.channels, stored] }
      })
    } catch (error) {
      await deps.secrets.delete(stored.name).catch(() => {})
      throw error
    }
    await deps.audit?.append({ event: 'channel.created', detail: `${stored.kind} channel ${describeTarget(stored)}`, target: { kind: 'channel', id: stored.name, name: stored.name } })
    return viewOf(stored, [])
  }

  async function find(name: string): Promise<StoredChannel | null> {
    return (await deps.store.read()).channels.find((c) => c.name === name) ?? null
  }

  const service: ChannelService = {
    async addWebhook(input) {
      const name = checkName(input.name)
      const url = checkWebhookUrl(input.url)
      if (input.format === 'json' && (input.signingSecret === undefined || input.signingSecret.length < 16)) {
        throw new KeywardError('INVALID_INPUT', 'a json webhook is signed: give a signing secret of at least 16 characters (the receiver verifies with it)')
      }
      if (input.format === 'slack' && input.signingSecret !== undefined)
        throw new KeywardError('INVALID_INPUT', 'a slack webhook is not signed (its URL is the secret); drop the signing secret or choose the json format')
      return save(
        { kind: 'webhook', name, format: input.format, display: webhookDisplay(url), createdAt: now().toISOString() },
        { url: url.href, ...(input.signingSecret !== undefined && { signingSecret: input.signingSecret }) },
      )
    },
    async addEmail(input) {
      const name = checkName(input.name)
      const target = checkSmtpUrl(input.smtpUrl, input.allowPlaintext)
      if (target.password !== null && input.password !== undefined) throw new KeywardError('INVALID_INPUT', 'the SMTP password was given twice (in the URL and apart); give it once')
      const password = target.password ?? input.password
      if (password !== undefined && target.user === null) throw new KeywardError('INVALID_INPUT', 'an SMTP password needs a user: smtps://USER@host')
      const to = [...new Set(input.to.map((a) => checkAddress(a, 'recipient')))]
      if (to.length === 0) throw new KeywardError('INVALID_INPUT', 'name at least one recipient, e.g. ops@example.com')
      const from = checkAddress(input.from ?? (target.user?.includes('@') ? target.user : `keyward@${isLoopbackHost(target.host) ? 'localhost' : target.host}`), 'sender')
      return save(
        { kind: 'email', name, host: target.host, port: target.port, security: target.security, user: target.user, from, to, createdAt: now().toISOString() },
        password === undefined ? {} : { password },
      )
    },
    async list() {
      const [{ channels }, records] = await Promise.all([deps.store.read(), deps.outbox.records()])
      return { channels: channels.map((c) => viewOf(c, records)), deliveries: records.slice(0, 50).map(deliveryView) }
    },
    async remove(name) {
      const stored = await find(name)
      if (!stored) return false
      const users = (await deps.usedBy?.(name)) ?? []
      if (users.length > 0) {
        throw new KeywardError(
          'CONFLICT',
          `channel ${name} is still named by ${users.slice(0, 3).join(', ')}${users.length > 3 ? ` and ${users.length - 3} more` : ''}; take it out of those budgets first`,
        )
      }
      await deps.store.update((file) => ({ ...file, channels: file.channels.filter((c) => c.name !== name) }))
      await deps.secrets.delete(name)
      await deps.audit?.append({ event: 'channel.deleted', detail: `${stored.kind} channel ${describeTarget(stored)}`, target: { kind: 'channel', id: name, name } })
      return true
    },
    async test(name) {
      const channel = await service.open(name)
      if (!channel) throw new KeywardError('NOT_FOUND', `there is no channel named ${name.slice(0, 40)}; keyward channels list shows them`)
      const result = await channel.deliver({
        id: newAlertId(),
        kind: 'test',
        title: 'Keyward test alert',
        body: `This is a test of the channel ${name}. Nothing needs doing.`,
        createdAt: now().toISOString(),
        details: {},
      })
      const outcome =
        result.kind === 'ok'
          ? { ok: true, message: `channel ${name} took the test alert` }
          : { ok: false, message: `channel ${name} did not take the test alert: ${result.reason}${result.kind === 'transient' ? ' (a passing problem: alerts are retried)' : ''}` }
      await deps.audit?.append({
        event: 'channel.tested',
        detail: outcome.ok ? 'delivered' : `not delivered: ${result.kind === 'ok' ? '' : result.reason}`,
        target: { kind: 'channel', id: name, name },
      })
      return outcome
    },
    async open(name) {
      const stored = await find(name)
      if (!stored) return null
      return build(stored, await deps.secrets.get(name))
    },
    async names() {
      return (await deps.store.read()).channels.map((c) => c.name)
    },
    async requireKnown(names, who) {
      if (names.length === 0) return
      const known = new Set(await service.names())
      const unknown = names.filter((n) => !known.has(n))
      if (unknown.length > 0) {
        const list = [...known]
        throw new KeywardError(
          'INVALID_INPUT',
          `${who} names ${unknown.length === 1 ? 'a channel that does not exist' : 'channels that do not exist'}: ${unknown.map((n) => n.slice(0, 40)).join(', ')}; ${list.length === 0 ? 'there are no channels yet; add one with keyward channels add' : `the channels are ${list.join(', ')}`}. Nothing was saved.`,
        )
      }
    },
  }
  return service
}
