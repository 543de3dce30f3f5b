import { describe, expect, it } from 'vitest'
import { routeNotice } from './notification-routing'
import { describeNotice } from '../core/alerts/notify/notice'

describe('projection and spike notices', () => {
  it('say the projected range, the limit and by how much, and open the budget', () => {
    const notice = {
      kind: 'budget-projection',
      scope: 'org Acme',
      projectedLow: { amount: '1200.00', currency: 'USD' },
      projectedHigh: { amount: '1600.00', currency: 'USD' },
      limit: { amount: '1000.00', currency: 'USD' },
      over: { amount: '234.56', currency: 'USD' },
      budgetId: 'bud_1',
    } as const
    expect(describeNotice(notice)).toEqual({
      title: 'Budget on track to be exceeded: org Acme',
      body: 'This month is projected at 1200.00–1600.00 USD, over its budget of 1000.00: on track to exceed it by 234.56 or more.',
    })
    expect(routeNotice(notice)).toMatchObject({ urgency: 'normal', screen: 'budgets', rest: ['bud_1'] })
  })

  it('name the key, workspace, person and UTC hour of a spike, and open usage as critical', () => {
    const notice = {
      kind: 'usage-spike',
      subject: 'key ci',
      key: 'ci',
      workspace: 'Production',
      person: 'Ada Lovelace',
      hour: '2026-11-30T21:00:00.000Z',
      spent: { amount: '250.50', currency: 'USD' },
      baseline: { amount: '3.00', currency: 'USD' },
    } as const
    expect(describeNotice(notice)).toEqual({
      title: 'Spend spike: key ci',
      body: '250.50 USD in the hour from 2026-11-30 21:00 UTC, against a usual hour of 3.00. key ci · workspace Production · person Ada Lovelace.',
    })
    expect(describeNotice({ ...notice, workspace: null, person: null }).body).toBe('250.50 USD in the hour from 2026-11-30 21:00 UTC, against a usual hour of 3.00. key ci.')
    expect(routeNotice(notice)).toMatchObject({ urgency: 'critical', screen: 'usage' })
  })
})
