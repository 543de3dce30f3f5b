import { useEffect, useState } from 'react'
import type { BudgetScope } from '../../../shared/contract'
import type { WireError } from '../../../shared/errors'
import { ErrorMessage } from '../components/ErrorMessage'
import { EmptyState } from '../components/States'
import { DataTable } from '../components/DataTable'
import { useBudgetsStore } from '../stores/budgets-store'
import { useChannelsStore } from '../stores/channels-store'
import { useProfilesStore } from '../stores/profiles-store'
import { useWorkspacesStore } from '../stores/workspaces-store'
import { OrgScreen } from '../components/OrgScreen'
import { budgetPeriodName, limitPerPeriod } from '../../../shared/budget-text'
import { parseTypedDollars } from '../../../shared/money'
import { currentLocale } from '../format'
import { showMoney } from '../money'
import './usage/usage.css'
import { SelectOptions } from '../components/SelectOptions'
import { scopeLabel } from './limits/limit-rules'

/** The Budgets screen: local budgets (org, workspace, profile, project, person or product; per day or month) and the server spend limits. */
export function BudgetsScreen() {
  return (
    <OrgScreen id="budgets-title" title="Budgets">
      {(org) => <Budgets key={org.id} orgId={org.id} />}
    </OrgScreen>
  )
}

const TARGET_LABEL: Record<BudgetScope['type'], string> = {
  org: '',
  workspace: 'Workspace id',
  profile: 'Profile name',
  project: 'Directory',
  user: 'Person id (user_…)',
  product: 'Product (e.g. claude_code)',
}

function Budgets({ orgId }: { orgId: string }) {
  const s = useBudgetsStore()
  const { load } = s
  const [kind, setKind] = useState<BudgetScope['type']>('org')
  const [target, setTarget] = useState('')
  const [period, setPeriod] = useState<'day' | 'month'>('month')
  const [limit, setLimit] = useState('')
  const [formError, setFormError] = useState<WireError | null>(null)
  const [sendTo, setSendTo] = useState<string[]>([])
  const channels = useChannelsStore((c) => c.channels)
  const loadChannels = useChannelsStore((c) => c.load)
  const workspaces = useWorkspacesStore()
  const loadWorkspaces = workspaces.load
  const { profiles, load: loadProfiles } = useProfilesStore()
  useEffect(() => {
    void load()
    void loadWorkspaces({ orgId, includeArchived: false, includeDefault: true })
    void loadProfiles()
    void loadChannels()
  }, [load, loadWorkspaces, loadProfiles, loadChannels, orgId])
  const scope = (): BudgetScope => {
    switch (kind) {
      case 'org':
        return { type: 'org', orgId }
      case 'workspace':
        return { type: 'workspace', orgId, workspaceId: target }
      case 'profile':
        return { type: 'profile', orgId, profile: target }
      case 'project':
        return { type: 'project', orgId, directory: target }
      case 'user':
        return { type: 'user', orgId, userId: target }
      case 'product':
        return { type: 'product', orgId, product: target }
    }
  }
  const mine = s.budgets.filter((b) => b.budget.scope.orgId === orgId)
  return (
    <>
      <p className="usage-tz">Days and months are in your time zone ({s.timeZone || '…'}). Each threshold (50, 80, 100 %) notifies once per period.</p>
      {s.error && <ErrorMessage error={s.error} />}
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault()
          const typed = parseTypedDollars(limit)
          if (!typed.ok) return setFormError({ code: 'INVALID_INPUT', message: `Amount: ${typed.message}` })
          void s.add({ scope: scope(), period, limit: typed.dollars, ...(sendTo.length > 0 && { channels: sendTo }) }).then((failure) => {
            setFormError(failure)
            if (!failure) {
              setLimit('')
              setTarget('')
              setSendTo([])
            }
          })
        }}
      >
        <label>
          Scope{' '}
          <select value={kind} onChange={(e) => (setKind(e.target.value as BudgetScope['type']), setTarget(''))}>
            <option value="org">Whole org</option>
            <option value="workspace">Workspace</option>
            <option value="profile">Profile</option>
            <option value="project">Project directory</option>
            <option value="user">Person id</option>
            <option value="product">Product</option>
          </select>
        </label>
        {kind === 'workspace' && (
          <label>
            Workspace{' '}
            <select value={target} onChange={(e) => setTarget(e.target.value)} required>
              <option value="">Choose a workspace</option>
              <SelectOptions items={workspaces.items} value={(w) => w.id} label={(w) => w.name} />
            </select>
          </label>
        )}
        {kind === 'profile' && (
          <label>
            Profile{' '}
            <select value={target} onChange={(e) => setTarget(e.target.value)} required>
              <option value="">Choose a profile</option>
              <SelectOptions items={profiles.filter((p) => p.kind === 'api')} value={(p) => p.name} />
            </select>
          </label>
        )}
        {(kind === 'project' || kind === 'user' || kind === 'product') && (
          <label>
            {TARGET_LABEL[kind]} <input value={target} onChange={(e) => setTarget(e.target.value)} required />
          </label>
        )}
        <label>
          Per{' '}
          <select value={period} onChange={(e) => setPeriod(e.target.value as 'day' | 'month')}>
            <option value="month">Month</option>
            <option value="day">Day</option>
          </select>
        </label>
        <label>
          Amount (USD) <input inputMode="decimal" value={limit} onChange={(e) => setLimit(e.target.value)} placeholder="250" required />
        </label>
        {channels.length > 0 && (
          <fieldset className="budget-channels">
            <legend>Also send alerts to</legend>
            {channels.map((c) => (
              <label key={c.name}>
                <input type="checkbox" checked={sendTo.includes(c.name)} onChange={(e) => setSendTo((now) => (e.target.checked ? [...now, c.name] : now.filter((n) => n !== c.name)))} /> {c.name}
              </label>
            ))}
          </fieldset>
        )}
        <button type="submit">Add budget</button>
      </form>
      {formError && <ErrorMessage error={formError} />}
      {mine.length === 0 ? (
        <EmptyState title="No local budgets for this org" testId="budgets-empty">
          Add one above, or from a terminal: <code>keyward budgets set --org {orgId} --limit 250</code>
        </EmptyState>
      ) : (
        <DataTable
          className="usage-table"
          data-testid="budgets-table"
          caption="Local budgets"
          rows={mine}
          rowKey={(b) => b.budget.id}
          columns={[
            { key: 'scope', header: 'Scope', cell: (b) => scopeLabel(b.label) },
            { key: 'budget', header: 'Budget', cell: (b) => limitPerPeriod(b.budget.limit, b.budget.period, { locale: currentLocale() }) },
            { key: 'period', header: 'Period', cell: (b) => budgetPeriodName(b.budget.period, b.periodStart, currentLocale()) },
            { key: 'spent', header: 'Spent', align: 'end', cell: (b) => showMoney(b.spent, 'USD') },
            { key: 'state', header: 'State', cell: (b) => `${b.percent} % · ${b.state}` },
            { key: 'channels', header: 'Channels', cell: (b) => b.budget.channels?.join(', ') || 'desktop only' },
            {
              key: 'actions',
              header: 'Actions',
              headerHidden: true,
              cell: (b) => (
                <button type="button" onClick={() => void s.remove(b.budget.id)} aria-label={`Remove the budget of ${b.label}`}>
                  Remove
                </button>
              ),
            },
          ]}
        />
      )}
      {s.serverLimits.every((l) => l.orgId !== orgId) ? (
        <p className="empty">No server spend limits known for this org yet (they come with the next usage sync).</p>
      ) : (
        <DataTable
          className="usage-table"
          caption="Server spend limits (enforced by Anthropic; change them on the Limits screen)"
          rows={s.serverLimits.filter((l) => l.orgId === orgId)}
          rowKey={(l, i) => `${l.label}-${i}`}
          columns={[
            { key: 'scope', header: 'Scope', cell: (l) => scopeLabel(l.label) },
            { key: 'limit', header: 'Limit', cell: (l) => (l.limit === null ? 'No cap' : limitPerPeriod(l.limit, l.period, { locale: currentLocale(), currency: l.currency })) },
            { key: 'state', header: 'State', cell: (l) => (l.enabled ? 'Enabled' : 'Disabled') },
          ]}
        />
      )}
    </>
  )
}

/** "workspace Research (Acme)" as a table cell starts: "Workspace Research (Acme)". */
