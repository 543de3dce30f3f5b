import { systemTimeZone } from '../../../../shared/calendar'
import type { Budget, BudgetScope, BudgetStatus, ServerSpendLimit } from '../../../../shared/contract/budgets.contract'
import type { TrayBudgetState } from '../../../../shared/contract/tray.contract'
import { KeywardError } from '../../../../shared/errors'
import { fromAmount, parseCents, percentOf, reachedPercent, roundToDigits, toAmount } from '../../../../shared/money'
import { limitPerPeriod } from '../../../../shared/budget-text'
import type { ChannelService } from '../../alerts/channels/channel-service'
import type { AuditLog } from '../../platform/audit/audit-log'
import type { Notifier } from '../../alerts/notify/notifier'
import { projectScope, type Watermarks } from '../usage-projection'
import { KNOWN_PRODUCTS, productLabel } from '../../../../shared/products'
import { attribute } from '../attribution'
import { knowsActor } from '../people-queries'
import { grouper } from '../usage-groups'
import { CURRENCY, type UsageQueryService } from '../usage-service'
import { projectionWarning } from './budget-projection'
import { budgetState, inScope, periodOf } from './budget-scope'
import { type BudgetStore, newBudgetId } from './budget-store'

export { inScope, periodOf } from './budget-scope'

/** Budgets: set, list with current spend, and notify once per threshold per period. */
export interface BudgetService {
  list(now: Date): Promise<{ timeZone: string; budgets: BudgetStatus[]; serverLimits: ServerSpendLimit[] }>
  set(input: { id?: string | undefined; scope: BudgetScope; period: 'day' | 'month'; limit: string; thresholds: number[]; channels?: readonly string[] | undefined }): Promise<Budget>
  remove(id: string): Promise<boolean>
  /** Checks every budget and sends a notice for each threshold newly crossed in its current period. */
  evaluate(now: Date): Promise<void>
  /** The worst state across budgets, for the tray. */
  worstState(now: Date): Promise<TrayBudgetState>
}

/** Creates the budget service; `timeZone` is the user's (the system's by default). */
export function createBudgetService(deps: {
  readonly store: BudgetStore
  readonly usage: UsageQueryService
  readonly notifier: Notifier
  readonly timeZone?: () => string
  readonly log?: (line: string) => void
  /** Checks the channels a budget names (none exist without it). */
  readonly channels?: Pick<ChannelService, 'requireKnown'>
  /** The service's watermark per org, so a projection leaves the partial hour out (without it: up to the current hour). */
  readonly watermarks?: () => Promise<Watermarks>
  /** Where each created, changed and removed budget is recorded (budget.created, .updated, .deleted), with its scope's name. */
  readonly audit?: Pick<AuditLog, 'append'>
}): BudgetService {
  const tz = deps.timeZone ?? systemTimeZone

  async function labelOf(scope: BudgetScope): Promise<string> {
    const manifest = await deps.usage
      .load(scope.orgId)
      .then((o) => o.meta)
      .catch(() => null)
    const org = manifest?.orgName ?? scope.orgId
    switch (scope.type) {
      case 'org':
        return `org ${org}`
      case 'workspace':
        return `workspace ${manifest?.catalog?.workspaces.find((w) => w.id === scope.workspaceId)?.name ?? scope.workspaceId} (${org})`
      case 'profile':
        return `profile ${scope.profile} (${org})`
      case 'project':
        return `project ${scope.directory} (${org})`
      case 'user': {
        const loaded = await deps.usage.load(scope.orgId).catch(() => null)
        const label = loaded
          ? grouper('user', loaded.meta.catalog, attribute([], [], []), loaded.meta.actors)({ apiKeyId: '', workspaceId: '', model: '', actorId: scope.userId, product: '' }).label
          : scope.userId
        return `person ${label} (${org})`
      }
      case 'product':
        return `product ${productLabel(scope.product)} (${org})`
    }
  }

  /** A person or product budget names someone or something the org has: checked before anything is saved. */
  async function checkScope(scope: BudgetScope): Promise<void> {
    if (scope.type !== 'user' && scope.type !== 'product') return
    const org = await deps.usage.load(scope.orgId).catch((error: unknown) => {
      throw new KeywardError(
        'NOT_FOUND',
        `org ${scope.orgId.slice(0, 80)} has no synced usage to check the ${scope.type === 'user' ? 'person' : 'product'} against; run: keyward sync (${(error as Error).message.slice(0, 120)})`,
      )
    })
    if (scope.type === 'user' && !knowsActor(org, scope.userId)) {
      throw new KeywardError(
        'NOT_FOUND',
        `org ${org.meta.orgName} has no person ${scope.userId.slice(0, 80)} in its synced usage or member list; nothing was saved. People's ids (user_…, svac_…, apikey_…) are listed by: keyward usage --by user --json`,
      )
    }
    if (scope.type === 'product' && !KNOWN_PRODUCTS.includes(scope.product) && !org.index.series.some((s) => s.product === scope.product)) {
      throw new KeywardError('INVALID_INPUT', `there is no product "${scope.product.slice(0, 60)}"; nothing was saved. Use one of: ${KNOWN_PRODUCTS.join(', ')}`)
    }
  }

  async function statusOf(budget: Budget, now: Date, timeZone: string): Promise<BudgetStatus> {
    const period = periodOf(budget, now, timeZone)
    const spent = await deps.usage.spendOf(budget.scope.orgId, { from: period.from, to: period.to }, timeZone, (s, a) => inScope(budget.scope, s, a)).catch(() => 0n)
    const limit = fromAmount(budget.limit)
    const state = budgetState(spent, limit, budget.thresholds)
    return { budget, label: await labelOf(budget.scope), periodStart: period.from, spent: toAmount(spent), percent: percentOf(spent, limit), state }
  }

  async function serverLimits(): Promise<ServerSpendLimit[]> {
    const out: ServerSpendLimit[] = []
    for (const { id } of await deps.usage.orgs()) {
      const { meta: manifest } = await deps.usage.load(id)
      for (const l of manifest.catalog?.spendLimits ?? []) {
        const ws = l.workspaceId ? (manifest.catalog?.workspaces.find((w) => w.id === l.workspaceId)?.name ?? l.workspaceId) : null
        out.push({
          orgId: id,
          orgName: manifest.orgName,
          label: ws ? `workspace ${ws}` : l.scopeType === 'organization' ? 'organization' : l.scopeType,
          period: l.period,
          limit: l.amountCents === null ? null : toAmount(parseCents(l.amountCents)),
          currency: l.currency,
          enabled: l.enabled,
        })
      }
    }
    return out
  }

  const service: BudgetService = {
    async list(now) {
      const timeZone = tz()
      const { budgets } = await deps.store.read()
      return { timeZone, budgets: await Promise.all(budgets.map((b) => statusOf(b, now, timeZone))), serverLimits: await serverLimits().catch(() => []) }
    },
    async set(input) {
      let limit: bigint
      try {
        limit = fromAmount(input.limit)
      } catch (error) {
        throw new KeywardError('INVALID_INPUT', `limit: ${(error as Error).message}`)
      }
      if (limit <= 0n) throw new KeywardError('INVALID_INPUT', 'limit: a budget needs an amount above zero, e.g. 250 or 12.50.')
      const channels = [...new Set(input.channels ?? [])]
      if (channels.length > 0) {
        if (!deps.channels)
          throw new KeywardError('INVALID_INPUT', `the budget names channels (${channels.join(', ')}), but there are no channels here; add one with keyward channels add. Nothing was saved.`)
        await deps.channels.requireKnown(channels, 'the budget')
      }
      const budget: Budget = {
        id: input.id ?? newBudgetId(),
        scope: input.scope,
        period: input.period,
        limit: toAmount(limit),
        thresholds: [...new Set(input.thresholds)].sort((a, b) => a - b),
        ...(channels.length > 0 && { channels }),
      }
      await checkScope(budget.scope)
      let existed = false
      await deps.store.update((file) => {
        existed = file.budgets.some((b) => b.id === budget.id)
        const { [budget.id]: _dropped, ...fired } = file.fired
        return { ...file, budgets: [...file.budgets.filter((b) => b.id !== budget.id), budget], fired }
      })
      const label = await labelOf(budget.scope)
      await deps.audit?.append({
        event: existed ? 'budget.updated' : 'budget.created',
        detail: `${limitPerPeriod(budget.limit, budget.period, { locale: 'en-US' })} for ${label}, notifying at ${budget.thresholds.join('/')} %${channels.length > 0 ? `, also to ${channels.join(', ')}` : ''}`,
        target: { kind: 'budget', id: budget.id, name: label },
      })
      return budget
    },
    async remove(id) {
      let removed: Budget | undefined
      await deps.store.update((file) => {
        removed = file.budgets.find((b) => b.id === id)
        const { [id]: _dropped, ...fired } = file.fired
        return { ...file, budgets: file.budgets.filter((b) => b.id !== id), fired }
      })
      if (removed) {
        const label = await labelOf(removed.scope)
        await deps.audit?.append({ event: 'budget.deleted', detail: `${limitPerPeriod(removed.limit, removed.period, { locale: 'en-US' })} for ${label}`, target: { kind: 'budget', id, name: label } })
      }
      return removed !== undefined
    },
    async evaluate(now) {
      const timeZone = tz()
      const { budgets, fired } = await deps.store.read()
      const toFire: Array<{ status: BudgetStatus; threshold: number; period: string }> = []
      for (const budget of budgets) {
        const status = await statusOf(budget, now, timeZone)
        const period = periodOf(budget, now, timeZone).key
        const already = fired[budget.id]?.period === period ? (fired[budget.id]?.thresholds ?? []) : []
        const spent = fromAmount(status.spent)
        const limit = fromAmount(budget.limit)
        for (const t of budget.thresholds) {
          if (!already.includes(t) && reachedPercent(spent, limit, t)) toFire.push({ status, threshold: t, period })
        }
      }
      const toWarn: Array<{ status: BudgetStatus; period: string; low: bigint; high: bigint; over: bigint }> = []
      const watermarks = (await deps.watermarks?.().catch(() => undefined)) ?? new Map<string, string | null>()
      for (const budget of budgets) {
        const period = periodOf(budget, now, timeZone).key
        if (budget.period !== 'month' || (fired[budget.id]?.period === period && fired[budget.id]?.projected)) continue
        const { monthToDate, projection } = await projectScope(deps.usage, {
          orgId: budget.scope.orgId,
          timeZone,
          now,
          include: (s, a) => inScope(budget.scope, s, a),
          dataRefreshedAt: watermarks.get(budget.scope.orgId),
        }).catch(() => ({
          monthToDate: 0n,
          projection: { kind: 'too-early' } as const,
        }))
        const warn = projectionWarning(monthToDate, fromAmount(budget.limit), projection)
        if (warn) toWarn.push({ status: await statusOf(budget, now, timeZone), period, ...warn })
      }
      if (toFire.length === 0 && toWarn.length === 0) return
      // Record first, then notify: a crash in between loses a notice rather than repeating it forever.
      await deps.store.update((file) => {
        const next = { ...file.fired }
        const entry = (id: string, period: string) => (next[id]?.period === period ? next[id] : { period, thresholds: [] })
        for (const { status, threshold, period } of toFire) {
          const prev = entry(status.budget.id, period)
          next[status.budget.id] = { ...prev, thresholds: [...new Set([...prev.thresholds, threshold])] }
        }
        for (const { status, period } of toWarn) next[status.budget.id] = { ...entry(status.budget.id, period), projected: true }
        return { ...file, fired: next }
      })
      for (const { status, low, high, over } of toWarn) {
        // The channels a budget names (once budgets carry them) also receive the warning.
        const channels = (status.budget as { channels?: readonly string[] }).channels
        deps.notifier.notify({
          kind: 'budget-projection',
          scope: status.label,
          projectedLow: { amount: roundToDigits(low, 2), currency: CURRENCY },
          projectedHigh: { amount: roundToDigits(high, 2), currency: CURRENCY },
          limit: { amount: roundToDigits(fromAmount(status.budget.limit), 2), currency: CURRENCY },
          over: { amount: roundToDigits(over, 2), currency: CURRENCY },
          budgetId: status.budget.id,
          ...(channels && { channels }),
        })
      }
      // Only the highest newly crossed threshold of each budget is announced.
      const highest = new Map<string, (typeof toFire)[number]>()
      for (const f of toFire) if ((highest.get(f.status.budget.id)?.threshold ?? -1) < f.threshold) highest.set(f.status.budget.id, f)
      for (const { status, threshold } of highest.values()) {
        deps.notifier.notify({
          kind: 'budget-threshold',
          scope: status.label,
          period: status.budget.period,
          thresholdPercent: threshold,
          spent: { amount: roundToDigits(fromAmount(status.spent), 2), currency: CURRENCY },
          limit: { amount: roundToDigits(fromAmount(status.budget.limit), 2), currency: CURRENCY },
          budgetId: status.budget.id,
          ...(status.budget.channels !== undefined && status.budget.channels.length > 0 && { channels: status.budget.channels }),
        })
      }
    },
    async worstState(now) {
      const { budgets } = await service.list(now)
      if (budgets.length === 0) return 'none'
      if (budgets.some((b) => b.state === 'exceeded')) return 'exceeded'
      return budgets.some((b) => b.state === 'warning') ? 'warning' : 'ok'
    },
  }
  return service
}
