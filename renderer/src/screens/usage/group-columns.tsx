import type { GroupProjection, UsageGroup } from '../../../../shared/contract'
import type { Column } from '../../components/columns'
import { formatNumber } from '../../format'
import { showMoney } from '../../money'
import { showProjection } from './projection-text'

/**
 * Columns of a usage breakdown (by product, key, model, workspace, person…), shared by the usage
 * dashboard, a key's page and a person's page so each figure has the same header and form everywhere.
 */
export const groupColumns = {
  /** The group's name, under the given header. */
  label: (header: string): Column<UsageGroup> => ({ key: 'label', header, cell: (g) => g.label }),
  /** The group's second line: a key's hint and profile, the projects sharing a key… */
  detail: (header = 'Detail'): Column<UsageGroup> => ({ key: 'detail', header, cell: (g) => g.detail }),
  /** Cost in the user's locale; the exact amount is the cell's `data-amount`. */
  cost: (currency: string): Column<UsageGroup> => ({
    key: 'cost',
    header: 'Cost',
    align: 'end',
    cell: (g) => showMoney(g.totals.cost, currency),
    cellProps: (g) => ({ 'data-amount': g.totals.cost }),
  }),
  tokens: (): Column<UsageGroup> => ({ key: 'tokens', header: 'Tokens', align: 'end', cell: (g) => formatNumber(g.totals.totalTokens) }),
  requests: (): Column<UsageGroup> => ({ key: 'requests', header: 'Requests', align: 'end', cell: (g) => formatNumber(g.totals.requests) }),
  /** The group's projected month end, from the projection of the same breakdown. */
  monthEnd: (projections: ReadonlyMap<string, GroupProjection>, currency: string, testId: string): Column<UsageGroup> => ({
    key: 'month-end',
    header: 'Month end, projected',
    align: 'end',
    cell: (g) => showProjection(projections.get(g.id), currency),
    cellProps: () => ({ 'data-testid': testId }),
  }),
}
