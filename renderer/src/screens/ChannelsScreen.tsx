import { useEffect, useState } from 'react'
import type { ChannelView } from '../../../shared/contract'
import type { WireError } from '../../../shared/errors'
import { ErrorMessage } from '../components/ErrorMessage'
import { EmptyState, LoadingState, ScreenHeader } from '../components/States'
import { DataTable } from '../components/DataTable'
import { useChannelsStore } from '../stores/channels-store'
import { formatDateTime } from '../dates'
import './usage/usage.css'

/** The Channels screen: webhooks and e-mail that budgets and spike alerts also send to, their health, and recent alerts. */
export function ChannelsScreen() {
  const s = useChannelsStore()
  const { load } = s
  useEffect(() => {
    void load()
  }, [load])
  const failed = s.deliveries.filter((d) => d.state === 'failed')
  return (
    <section aria-labelledby="channels-title" className="channels-screen">
      <ScreenHeader id="channels-title" title="Alert channels">
        <button type="button" onClick={() => void load()} disabled={s.loading}>
          Refresh
        </button>
      </ScreenHeader>
      <p className="usage-tz">
        A channel gets the alerts of the budgets and spike rules that name it, besides the desktop notification. Alerts wait in a queue on disk and are retried while the receiver is down; each carries
        an id the receiver can use to drop repeats. URLs, signing secrets and passwords are kept with the keys (the OS keychain, or the file vault), never in a plain file.
      </p>
      {s.error && <ErrorMessage error={s.error} onRetry={() => void load()} />}
      {s.loading && s.channels.length === 0 ? (
        <LoadingState />
      ) : s.channels.length === 0 ? (
        <EmptyState title="No alert channels yet" testId="channels-empty">
          Add a Slack or JSON webhook, or an e-mail address, below.
        </EmptyState>
      ) : (
        <DataTable
          className="usage-table"
          data-testid="channels-table"
          caption="Channels"
          rows={s.channels}
          rowKey={(c) => c.name}
          rowProps={() => ({ 'data-testid': 'channel-row' })}
          columns={[
            { key: 'name', header: 'Name', cell: (c) => c.name, truncate: '10rem' },
            { key: 'kind', header: 'Kind', cell: (c) => (c.kind === 'webhook' ? `Webhook (${c.format === 'json' ? 'signed JSON' : 'Slack'})` : 'E-mail') },
            { key: 'target', header: 'Sends to', cell: (c) => c.target, truncate: '100%' },
            {
              key: 'status',
              header: 'Status',
              cellProps: () => ({ 'data-testid': 'channel-status' }),
              cell: (c) => (
                <>
                  <ChannelStatus channel={c} testDelivered={s.tested[c.name]?.ok === true} />
                  {s.tested[c.name] && (
                    <p role="status" className={s.tested[c.name]!.ok ? undefined : 'channel-error'}>
                      {s.tested[c.name]!.ok ? 'Test alert delivered.' : s.tested[c.name]!.message}
                    </p>
                  )}
                </>
              ),
            },
            {
              key: 'actions',
              header: 'Actions',
              headerHidden: true,
              cell: (c) => (
                <>
                  <button type="button" onClick={() => void s.test(c.name)}>
                    Send test
                  </button>
                  <button type="button" onClick={() => void s.remove(c.name)}>
                    Remove
                  </button>
                </>
              ),
            },
          ]}
        />
      )}
      {failed.length > 0 && (
        <div role="alert" className="callout callout-error" data-testid="channels-failed">
          <p>
            {failed.length} alert{failed.length === 1 ? '' : 's'} could not be delivered. Fix the channel (send a test to check it), then retry.
          </p>
        </div>
      )}
      {s.deliveries.length > 0 && (
        <DataTable
          className="usage-table"
          data-testid="deliveries-table"
          caption="Recent alerts"
          rows={s.deliveries}
          rowKey={(d) => `${d.alertId}.${d.channel}`}
          columns={[
            { key: 'alert', header: 'Alert', cell: (d) => d.title },
            { key: 'channel', header: 'Channel', cell: (d) => d.channel },
            { key: 'state', header: 'State', cell: (d) => (d.state === 'pending' && d.attempts > 0 ? 'retrying' : d.state === 'sending' ? 'sending' : d.state) },
            { key: 'tries', header: 'Tries', align: 'end', cell: (d) => d.attempts },
            { key: 'problem', header: 'Last problem', cell: (d) => d.lastError ?? '—' },
            {
              key: 'actions',
              header: 'Actions',
              headerHidden: true,
              cell: (d) =>
                d.state === 'failed' && (
                  <button type="button" onClick={() => void s.retry(d.alertId, d.channel)} aria-label={`Retry ${d.title} to ${d.channel}`}>
                    Retry
                  </button>
                ),
            },
          ]}
        />
      )}
      <WebhookForm />
      <EmailForm />
    </section>
  )
}

/** A channel's delivery health; a test delivered from this screen counts, since the health lists alerts only. */
function ChannelStatus({ channel, testDelivered }: { channel: ChannelView; testDelivered: boolean }) {
  const h = channel.health
  if (h.failed > 0) return <span className="channel-error">{`${h.failed} failed${h.lastError ? `: ${h.lastError}` : ''}`}</span>
  if (h.pending > 0) return <span>{`${h.pending} waiting${h.lastError ? `, retrying: ${h.lastError}` : ''}`}</span>
  if (h.lastDeliveredAt) return <span>{`Delivered, last at ${formatDateTime(h.lastDeliveredAt)}`}</span>
  return <span>{testDelivered ? 'Works: a test was delivered; no alert sent yet' : 'Nothing sent yet'}</span>
}

function WebhookForm() {
  const add = useChannelsStore((s) => s.addWebhook)
  const [name, setName] = useState('')
  const [url, setUrl] = useState('')
  const [showUrl, setShowUrl] = useState(false)
  const [format, setFormat] = useState<'slack' | 'json'>('slack')
  const [secret, setSecret] = useState('')
  const [error, setError] = useState<WireError | null>(null)
  return (
    <form
      className="inline-form"
      aria-labelledby="webhook-form-title"
      onSubmit={(e) => {
        e.preventDefault()
        void add({ name: name.trim(), url: url.trim(), format, ...(format === 'json' && { signingSecret: secret }) }).then((problem) => {
          setError(problem)
          if (!problem) {
            setName('')
            setUrl('')
            setSecret('')
          }
        })
      }}
    >
      <h2 id="webhook-form-title">Add a webhook</h2>
      <label>
        Name <input value={name} onChange={(e) => setName(e.target.value)} placeholder="ops" required />
      </label>
      <label>
        Webhook URL <input type={showUrl ? 'url' : 'password'} autoComplete="off" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://hooks.slack.com/services/…" required />
      </label>
      <button type="button" aria-pressed={showUrl} onClick={() => setShowUrl(!showUrl)}>
        {showUrl ? 'Hide URL' : 'Show URL'}
      </button>
      <label>
        Format{' '}
        <select value={format} onChange={(e) => setFormat(e.target.value as 'slack' | 'json')}>
          <option value="slack">Slack message</option>
          <option value="json">Signed JSON</option>
        </select>
      </label>
      {format === 'json' && (
        <label>
          Signing secret <input type="password" autoComplete="off" minLength={16} value={secret} onChange={(e) => setSecret(e.target.value)} required />
        </label>
      )}
      <button type="submit">Add webhook</button>
      {error && <ErrorMessage error={error} />}
    </form>
  )
}

function EmailForm() {
  const add = useChannelsStore((s) => s.addEmail)
  const [name, setName] = useState('')
  const [smtpUrl, setSmtpUrl] = useState('')
  const [to, setTo] = useState('')
  const [password, setPassword] = useState('')
  const [plaintext, setPlaintext] = useState(false)
  const [error, setError] = useState<WireError | null>(null)
  return (
    <form
      className="inline-form"
      aria-labelledby="email-form-title"
      onSubmit={(e) => {
        e.preventDefault()
        const recipients = to.split(/[,\s]+/).filter((t) => t !== '')
        void add({ name: name.trim(), smtpUrl: smtpUrl.trim(), to: recipients, allowPlaintext: plaintext, ...(password !== '' && { password }) }).then((problem) => {
          setError(problem)
          if (!problem) {
            setName('')
            setSmtpUrl('')
            setTo('')
            setPassword('')
          }
        })
      }}
    >
      <h2 id="email-form-title">Add an e-mail channel</h2>
      <label>
        Name <input value={name} onChange={(e) => setName(e.target.value)} placeholder="finance-mail" required />
      </label>
      <label>
        SMTP server <input value={smtpUrl} onChange={(e) => setSmtpUrl(e.target.value)} placeholder="smtps://alerts@mail.example.com" required />
      </label>
      <label>
        Recipients <input value={to} onChange={(e) => setTo(e.target.value)} placeholder="ops@example.com" required />
      </label>
      <label>
        Password <input type="password" autoComplete="off" value={password} onChange={(e) => setPassword(e.target.value)} />
      </label>
      <label>
        <input type="checkbox" checked={plaintext} onChange={(e) => setPlaintext(e.target.checked)} /> Allow sending without TLS
      </label>
      <button type="submit">Add e-mail channel</button>
      {error && <ErrorMessage error={error} />}
    </form>
  )
}
