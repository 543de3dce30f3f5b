import { useEffect, useState } from 'react'
import type { BudgetScope } from '../../../shared/contract'
import type { WireError } from '../../../shared/errors'
import { ErrorNotice } from '../components/ErrorNotice'
import { EmptyState } from '../components/States'
import { TableHead } from '../components/TableHead'
import { useBudgetsStore } from '../stores/budgets-store'
import { OrgScreen } from './admin/OrgScreen'
import { showMoney } from './usage/money-format'
import './usage/usage.css'

/** The Budgets screen: local budgets (org, workspace, profile, project, person or product; per day or month) and server limits. */
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
  useEffect(() => {
    void load()
  }, [load])
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
      {s.error && <ErrorNotice error={s.error} />}
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault()
          void s.add({ scope: scope(), period, limit: limit.trim() }).then(setFormError)
        }}
      >
        <label>
          Scope{' '}
          <select value={kind} onChange={(e) => setKind(e.target.value as BudgetScope['type'])}>
            <option value="org">Whole org</option>
            <option value="workspace">Workspace id</option>
            <option value="profile">Profile</option>
            <option value="project">Project directory</option>
            <option value="user">Person id</option>
            <option value="product">Product</option>
          </select>
        </label>
        {kind !== 'org' && (
          <label>
            {TARGET_LABEL[kind]} <input value={target} onChange={(e) => setTarget(e.target.value)} required />
          </label>
        )}
        <label>
          Per{' '}
          <select value={period} onChange={(e) => setPeriod(e.target.value as 'day' | 'month')}>
            <option value="month">month</option>
            <option value="day">day</option>
          </select>
        </label>
        <label>
          Limit (USD) <input inputMode="decimal" value={limit} onChange={(e) => setLimit(e.target.value)} placeholder="250" required />
        </label>
        <button type="submit">Add budget</button>
      </form>
      {formError && <ErrorNotice error={formError} />}
      {mine.length === 0 ? (
        <EmptyState title="No local budgets for this org" testId="budgets-empty">
          Add one above, or from a terminal: <code>keyward budgets set --org {orgId} --limit 250</code>
        </EmptyState>
      ) : (
        <table className="usage-table" data-testid="budgets-table">
          <caption>Local budgets</caption>
          <TableHead columns={['Scope', 'Period', { label: 'Spent', className: 'num' }, { label: 'Limit', className: 'num' }, 'State', { label: 'Actions', hidden: true }]} />
          <tbody>
            {mine.map((b) => (
              <tr key={b.budget.id}>
                <td>{b.label}</td>
                <td>{b.budget.period === 'day' ? `today (${b.periodStart})` : `since ${b.periodStart}`}</td>
                <td className="num">{showMoney(b.spent, 'USD')}</td>
                <td className="num">{showMoney(b.budget.limit, 'USD')}</td>
                <td>
                  {b.percent} % · {b.state}
                </td>
                <td>
                  <button type="button" onClick={() => void s.remove(b.budget.id)}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <table className="usage-table">
        <caption>Server spend limits (enforced by Anthropic; change them on the Limits screen)</caption>
        <tbody>
          {s.serverLimits
            .filter((l) => l.orgId === orgId)
            .map((l, i) => (
              <tr key={`${l.label}-${i}`}>
                <td>{l.label}</td>
                <td>{l.period}</td>
                <td className="num">{l.limit === null ? 'no cap' : showMoney(l.limit, l.currency)}</td>
                <td>{l.enabled ? 'enabled' : 'disabled'}</td>
              </tr>
            ))}
        </tbody>
      </table>
    </>
  )
}
