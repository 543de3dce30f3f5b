import { createTransport } from 'nodemailer'
import type { Alert, Channel, DeliveryResult } from '../channel'
import type { SmtpSecurity } from '../channel-urls'

/** What an e-mail channel needs; the password comes from the vault. */
export interface EmailSettings {
  readonly name: string
  readonly host: string
  readonly port: number
  readonly security: SmtpSecurity
  readonly user: string | null
  readonly password?: string | undefined
  readonly from: string
  readonly to: readonly string[]
  readonly timeoutMs?: number
}

/** The Message-ID of an alert's e-mail: the alert id, so a mail system or a reader can drop a duplicate. */
export const messageIdOf = (alert: Alert): string => `<${alert.id}@keyward.alert>`

/** SMTP 4xx replies and connection trouble are worth retrying; 5xx replies (refused address, bad login) are not. */
export function smtpResult(error: unknown): DeliveryResult {
  const e = error as { responseCode?: number; code?: string; message?: string }
  const reply = typeof e.responseCode === 'number' ? `the SMTP server answered ${e.responseCode}` : null
  if (reply && e.responseCode! >= 500) return { kind: 'permanent', reason: e.code === 'EAUTH' ? `${reply}: the login was refused; check the user and password` : reply }
  if (reply) return { kind: 'transient', reason: reply }
  if (e.code === 'ETLS' || /STARTTLS/i.test(e.message ?? '')) return { kind: 'permanent', reason: 'the SMTP server offers no TLS (STARTTLS); use smtps:// or a server that supports it' }
  return { kind: 'transient', reason: `the SMTP server could not be reached (${(e.code ?? 'error').slice(0, 30)})` }
}

/** An e-mail channel over SMTP (nodemailer): TLS as configured, the alert id as Message-ID. */
export function createEmailChannel(settings: EmailSettings): Channel {
  return {
    name: settings.name,
    async deliver(alert) {
      const transport = createTransport({
        host: settings.host,
        port: settings.port,
        secure: settings.security === 'tls',
        requireTLS: settings.security === 'starttls',
        ignoreTLS: settings.security === 'plaintext',
        ...(settings.user !== null && { auth: { user: settings.user, pass: settings.password ?? '' } }),
        connectionTimeout: settings.timeoutMs ?? 10_000,
        greetingTimeout: settings.timeoutMs ?? 10_000,
        socketTimeout: settings.timeoutMs ?? 20_000,
        disableFileAccess: true,
        disableUrlAccess: true,
      })
      try {
        await transport.sendMail({
          from: settings.from,
          to: [...settings.to],
          subject: alert.title,
          text: `${alert.body}\n\nAlert ${alert.id}, raised ${alert.createdAt} by Keyward.\n`,
          messageId: messageIdOf(alert),
          headers: { 'X-Keyward-Alert-Id': alert.id },
        })
        return { kind: 'ok' }
      } catch (error) {
        return smtpResult(error)
      } finally {
        transport.close()
      }
    },
  }
}
