import { z } from 'zod'
import { everywhere, procedure } from './procedure'

/** A channel's name: what budgets and spike alerts name it by (`ops`, `finance-mail`). */
export const ChannelName = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'a channel name is 1 to 40 lowercase letters, digits, "-" or "_", starting with a letter or digit')
export type ChannelName = z.infer<typeof ChannelName>

/** The channels a budget or a spike rule sends to, besides the desktop notification or log line. */
export const ChannelNames = z.array(ChannelName).max(10)

/** How far one channel's deliveries have got, from the outbox. */
export const ChannelHealth = z.object({
  /** Alerts waiting (first try or retrying). */
  pending: z.number().int(),
  /** Alerts given up on (a permanent failure, or retried until the limit). */
  failed: z.number().int(),
  lastDeliveredAt: z.string().nullable(),
  /** The last failure's reason (never a secret), null when the last attempt succeeded. */
  lastError: z.string().nullable(),
})
export type ChannelHealth = z.infer<typeof ChannelHealth>

/** A channel as the UI and `keyward channels list` show it: no URL token, no secret. */
export const ChannelView = z.object({
  name: ChannelName,
  kind: z.enum(['webhook', 'email']),
  /** Where it goes, safe to show: `https://hooks.slack.com/…` or `ops@example.com via smtps://mail.example.com`. */
  target: z.string(),
  /** Webhooks: `slack` ({"text": …}) or `json` (signed with HMAC-SHA256). */
  format: z.enum(['slack', 'json']).nullable(),
  health: ChannelHealth,
})
export type ChannelView = z.infer<typeof ChannelView>

/** One alert in the outbox for one channel. */
export const DeliveryView = z.object({
  alertId: z.string(),
  channel: z.string(),
  title: z.string(),
  state: z.enum(['pending', 'sending', 'delivered', 'failed']),
  attempts: z.number().int(),
  createdAt: z.string(),
  nextAttemptAt: z.string().nullable(),
  lastError: z.string().nullable(),
})
export type DeliveryView = z.infer<typeof DeliveryView>

/** What a test delivery gave. */
export const ChannelTestResult = z.object({ ok: z.boolean(), message: z.string() })

/** Procedures about alert channels. Secrets go in (typed by a person), never come back out. */
export const channelProcedures = {
  'channels.list': procedure(z.object({}).strict(), z.object({ channels: z.array(ChannelView), deliveries: z.array(DeliveryView) }), everywhere),
  'channels.addWebhook': procedure(
    z
      .object({
        name: ChannelName,
        url: z.string().min(1).max(2048),
        format: z.enum(['slack', 'json']).default('slack'),
        /** The HMAC key for `json` (the receiver verifies with it): 16 to 256 characters. */
        signingSecret: z.string().min(16).max(256).optional(),
      })
      .strict(),
    ChannelView,
    everywhere,
  ),
  'channels.addEmail': procedure(
    z
      .object({
        name: ChannelName,
        smtpUrl: z.string().min(1).max(2048),
        to: z.array(z.string().min(3).max(254)).min(1).max(20),
        from: z.string().min(3).max(254).optional(),
        password: z.string().min(1).max(1024).optional(),
        allowPlaintext: z.boolean().default(false),
      })
      .strict(),
    ChannelView,
    everywhere,
  ),
  'channels.remove': procedure(z.object({ name: ChannelName }).strict(), z.object({ removed: z.boolean() }), everywhere),
  'channels.test': procedure(z.object({ name: ChannelName }).strict(), ChannelTestResult, everywhere),
  /** Puts a failed delivery back in the queue (after the channel was fixed). */
  'channels.retry': procedure(z.object({ alertId: z.string().min(1).max(64), channel: ChannelName }).strict(), z.object({ requeued: z.boolean() }), everywhere),
}
