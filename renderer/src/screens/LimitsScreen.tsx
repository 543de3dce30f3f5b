import { useEffect, useState } from 'react'
import type { OrgSummary } from '../../../shared/contract'
import { TableHead } from '../components/TableHead'
import { limitActions, useEffectiveLimitsStore, useRateLimitsStore, useSpendLimitsStore } from '../stores/limits-store'
import { useWorkspacesStore } from '../stores/workspaces-store'
import { AdminError } from './admin/AdminError'
import { centsToDollars, dollarsToCents, shortDate } from './admin/admin-format'
import { LoadMore } from './admin/LoadMore'
import { OrgScreen } from './admin/OrgScreen'
import { useActionState } from './admin/use-action-state'

type Period = 'daily' | 'weekly' | 'monthly'

/** The Limits screen: server-side spend limits (set, delete), effective limits, and rate limits per workspace. */
export function LimitsScreen() {
  return (
    <OrgScreen id="limits-title" title="Limits">
      {(org) => <Limits key={org.id} org={org} />}
    </OrgScreen>
  )
}

function Limits({ org }: { org: OrgSummary }) {
  const spend = useSpendLimitsStore()
  const effective = useEffectiveLimitsStore()
  const rates = useRateLimitsStore()
  const workspaces = useWorkspacesStore()
  const [scope, setScope] = useState('organization')
  const [period, setPeriod] = useState<Period>('monthly')
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
    const cents = amount.trim() === '' ? null : dollarsToCents(amount)
    if (amount.trim() !== '' && cents === null) {
      setActionError({ code: 'INVALID_INPUT', message: 'the amount is dollars and cents, e.g. 500 or 500.00 (leave it empty for "no limit")' })
      return
    }
    const target = scope === 'organization' ? ({ type: 'organization' } as const) : ({ type: 'workspace', workspaceId: scope } as const)
    setActionError(await limitActions.set(org.id, target, period, cents))
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
            <option value="organization">Organization</option>
            {workspaces.items.map((w) => (
              <option key={w.id} value={w.id}>
                Workspace {w.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Period{' '}
          <select value={period} onChange={(e) => setPeriod(e.target.value as Period)}>
            <option value="daily">daily</option>
            <option value="weekly">weekly</option>
            <option value="monthly">monthly</option>
          </select>
        </label>
        <label>
          Amount (USD) <input value={amount} onChange={(e) => setAmount(e.target.value)} placeholder="500.00, empty = no limit" inputMode="decimal" />
        </label>
        <button type="submit">Set limit</button>
      </form>
      <AdminError error={actionError} />
      <AdminError error={spend.error} />
      <table aria-label="Spend limits">
        <TableHead columns={['Scope', 'Period', 'Amount', 'Enabled', 'Updated', 'Actions']} />
        <tbody>
          {spend.items.map((l) => (
            <tr key={l.id}>
              <td>{l.scope.type === 'workspace' ? `Workspace ${workspaces.items.find((w) => w.id === l.scope.workspaceId)?.name ?? l.scope.workspaceId}` : l.scope.label}</td>
              <td>{l.period}</td>
              <td>{centsToDollars(l.amount, l.currency)}</td>
              <td>{l.enabled ? 'yes' : 'no'}</td>
              <td>{shortDate(l.updatedAt)}</td>
              <td>
                <button
                  type="button"
                  className="danger"
                  onClick={() =>
                    setConfirm({
                      title: `Delete the ${l.period} limit of ${l.scope.label}?`,
                      body: <p>Spending in this scope is then capped only by limits further up.</p>,
                      confirmLabel: 'Delete limit',
                      run: async () => setActionError(await limitActions.remove(org.id, l.id)),
                    })
                  }
                >
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <LoadMore nextCursor={spend.nextCursor} loading={spend.loading} onMore={() => void spend.loadMore()} />

      <h2>Effective limits</h2>
      <AdminError error={effective.error} />
      <table aria-label="Effective limits">
        <TableHead columns={['Member', 'Period', 'Limit', 'Spent this period', 'From']} />
        <tbody>
          {effective.items.map((s) => (
            <tr key={`${s.spendLimitId}-${s.actor}-${s.period}`}>
              <td>{s.actor}</td>
              <td>{s.period}</td>
              <td>{centsToDollars(s.amount, s.currency)}</td>
              <td>{centsToDollars(s.periodToDateSpend, s.currency)}</td>
              <td>{s.scope.label}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <LoadMore nextCursor={effective.nextCursor} loading={effective.loading} onMore={() => void effective.loadMore()} />

      <h2>Rate limits</h2>
      <label>
        Workspace{' '}
        <select value={shownWorkspace ?? ''} onChange={(e) => setRateWorkspace(e.target.value)}>
          {workspaces.items.map((w) => (
            <option key={w.id} value={w.id}>
              {w.name}
            </option>
          ))}
        </select>
      </label>
      <AdminError error={rates.error} />
      <table aria-label="Rate limits">
        <TableHead columns={['Group', 'Models', 'Limits']} />
        <tbody>
          {rates.items.map((r) => (
            <tr key={r.id}>
              <td>{r.group}</td>
              <td>{r.models?.join(', ') ?? 'all'}</td>
              <td>
                {r.limits.map((l) => (
                  <div key={l.type}>
                    {l.type.replace(/_/g, ' ')}: {l.value.toLocaleString()}
                    {l.source === 'workspace' && l.orgLimit !== null ? ` (org ${l.orgLimit.toLocaleString()})` : ''}
                  </div>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <LoadMore nextCursor={rates.nextCursor} loading={rates.loading} onMore={() => void rates.loadMore()} />
      {confirmDialog}
    </>
  )
}
