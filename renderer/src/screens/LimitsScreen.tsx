import { useEffect, useState } from 'react'
import { formatNumber } from '../format'
import type { OrgSummary } from '../../../shared/contract'
import { DataTable } from '../components/DataTable'
import { limitActions, useEffectiveLimitsStore, useRateLimitsStore, useSpendLimitsStore } from '../stores/limits-store'
import { useWorkspacesStore } from '../stores/workspaces-store'
import { AdminError } from '../components/AdminError'
import { parseTypedDollars } from '../../../shared/money'
import { shortDate } from './admin/admin-format'
import { LoadMore } from '../components/LoadMore'
import { orgScreen } from '../components/OrgScreen'
import { useActionState } from '../components/use-action-state'
import { showCents } from '../money'
import { LIMIT_PERIOD_NOTE, USAGE_TIER_NOTE, canDeleteLimit, periodLabel, scopeName } from './limits/limit-rules'
import { SelectOptions } from '../components/SelectOptions'

/** The Limits screen: server-side spend limits (set, delete), effective limits, and rate limits per workspace. */
export const LimitsScreen = orgScreen('limits-title', 'Limits', Limits)

function Limits({ org }: { org: OrgSummary }) {
  const spend = useSpendLimitsStore()
  const effective = useEffectiveLimitsStore()
  const rates = useRateLimitsStore()
  const workspaces = useWorkspacesStore()
  const [scope, setScope] = useState('organization')
  const [amount, setAmount] = useState('')
  const [rateWorkspace, setRateWorkspace] = useState<string | null>(null)
  const { actionError, setActionError, setConfirm, confirmDialog } = useActionState()
  const { load: loadSpend } = spend
  const { load: loadEffective } = effective
  const { load: loadRates } = rates
  const { load: loadWorkspaces } = workspaces
  useEffect(() => {
    void loadSpend({ orgId: org.id })
    void loadEffective({ orgId: org.id })
    void loadWorkspaces({ orgId: org.id, includeArchived: false })
  }, [loadSpend, loadEffective, loadWorkspaces, org.id])
  const firstWorkspace = workspaces.items[0]?.id ?? null
  const shownWorkspace = rateWorkspace ?? firstWorkspace
  useEffect(() => {
    if (shownWorkspace) void loadRates({ orgId: org.id, workspaceId: shownWorkspace })
  }, [loadRates, org.id, shownWorkspace])

  const submit = async () => {
    const typed = parseTypedDollars(amount, { allowZero: true })
    if (!typed.ok) {
      setActionError({ code: 'INVALID_INPUT', message: `Monthly amount: ${typed.message}` })
      return
    }
    const target = scope === 'organization' ? ({ type: 'organization' } as const) : ({ type: 'workspace', workspaceId: scope } as const)
    const failure = await limitActions.set(org.id, target, 'monthly', typed.cents)
    setActionError(failure)
    if (!failure) setAmount('')
  }

  return (
    <>
      <h2>Spend limits</h2>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault()
          void submit()
        }}
      >
        <label>
          Scope{' '}
          <select value={scope} onChange={(e) => setScope(e.target.value)}>
            <option value="organization">Org</option>
            <SelectOptions items={workspaces.items} value={(w) => w.id} label={(w) => `Workspace ${w.name}`} />
          </select>
        </label>
        <label>
          Monthly amount (USD) <input value={amount} onChange={(e) => setAmount(e.target.value)} placeholder="500.00" inputMode="decimal" required />
        </label>
        <button type="submit">Set limit</button>
      </form>
      <p className="muted">{LIMIT_PERIOD_NOTE}</p>
      <AdminError error={actionError} />
      <AdminError error={spend.error} />
      <DataTable
        aria-label="Spend limits"
        rows={spend.items}
        rowKey={(l) => l.id}
        columns={[
          { key: 'scope', header: 'Scope', cell: (l) => scopeName(l.scope, workspaces.items) },
          { key: 'period', header: 'Period', cell: (l) => periodLabel(l.period) },
          { key: 'amount', header: 'Amount', cell: (l) => showCents(l.amount, l.currency) },
          { key: 'enabled', header: 'Enabled', cell: (l) => (l.enabled ? 'yes' : 'no') },
          { key: 'updated', header: 'Updated', cell: (l) => shortDate(l.updatedAt) },
          {
            key: 'actions',
            header: 'Actions',
            cell: (l) =>
              canDeleteLimit(l) ? (
                <button
                  type="button"
                  className="danger"
                  aria-label={`Delete the limit of ${scopeName(l.scope, workspaces.items)}`}
                  onClick={() =>
                    setConfirm({
                      title: `Delete the monthly limit of ${scopeName(l.scope, workspaces.items)}?`,
                      body: <p>Spending in this scope is then capped only by limits further up.</p>,
                      confirmLabel: 'Delete limit',
                      run: async () => setActionError(await limitActions.remove(org.id, l.id)),
                    })
                  }
                >
                  Delete
                </button>
              ) : (
                <span className="muted">{USAGE_TIER_NOTE}</span>
              ),
          },
        ]}
      />
      {!spend.loading && !spend.error && spend.items.length === 0 && <p className="empty">No spend limits are set.</p>}
      <LoadMore nextCursor={spend.nextCursor} loading={spend.loading} onMore={() => void spend.loadMore()} />

      <h2>Effective limits</h2>
      <AdminError error={effective.error} />
      <DataTable
        aria-label="Effective limits"
        rows={effective.items}
        rowKey={(l) => `${l.spendLimitId}-${l.actor}-${l.period}`}
        columns={[
          { key: 'member', header: 'Member', cell: (l) => l.actor },
          { key: 'period', header: 'Period', cell: (l) => periodLabel(l.period) },
          { key: 'limit', header: 'Limit', cell: (l) => showCents(l.amount, l.currency) },
          { key: 'spent', header: 'Spent this period', cell: (l) => showCents(l.periodToDateSpend, l.currency) },
          { key: 'from', header: 'From', cell: (l) => scopeName(l.scope, workspaces.items) },
        ]}
      />
      {!effective.loading && !effective.error && effective.items.length === 0 && <p className="empty">No limit applies to any member.</p>}
      <LoadMore nextCursor={effective.nextCursor} loading={effective.loading} onMore={() => void effective.loadMore()} />

      <h2>Rate limits</h2>
      <label>
        Workspace{' '}
        <select value={shownWorkspace ?? ''} onChange={(e) => setRateWorkspace(e.target.value)}>
          <SelectOptions items={workspaces.items} value={(w) => w.id} label={(w) => w.name} />
        </select>
      </label>
      <AdminError error={rates.error} />
      <DataTable
        aria-label="Rate limits"
        rows={rates.items}
        rowKey={(r) => r.id}
        columns={[
          { key: 'group', header: 'Group', cell: (r) => r.group },
          { key: 'models', header: 'Models', cell: (r) => r.models?.join(', ') ?? 'all' },
          {
            key: 'limits',
            header: 'Limits',
            cell: (r) =>
              r.limits.map((l) => (
                <div key={l.type}>
                  {l.type.replace(/_/g, ' ')}: {formatNumber(l.value)}
                  {l.source === 'workspace' && l.orgLimit !== null ? ` (org ${formatNumber(l.orgLimit)})` : ''}
                </div>
              )),
          },
        ]}
      />
      {!rates.loading && !rates.error && rates.items.length === 0 && <p className="empty">This workspace sets no rate limits of its own; the org&apos;s limits apply.</p>}
      <LoadMore nextCursor={rates.nextCursor} loading={rates.loading} onMore={() => void rates.loadMore()} />
      {confirmDialog}
    </>
  )
}
