import { type Locator, type Page, expect, test } from '@playwright/test'
import { settle } from '../support/screens'
import { type Surfaces, dollars, exactOf, rangesAt, startSurfaces } from '../support/surfaces'

/**
 * The rendered numbers are the CLI's: against a real `keyward daemon --ui --demo` synced with
 * `keyward sync`, each person's "spent this period" on the Limits screen, their spend this month on
 * the People screen and an org budget's spend on the Budgets screen show the dollars and cents of
 * `keyward usage --json` (this month, UTC, as a monthly limit's period runs). Read again when the
 * UTC hour turned meanwhile (the limits' spend runs to the last whole hour).
 */

const TZ = 'UTC'
let s: Surfaces

interface Groups {
  total: { cost: string }
  groups: Array<{ id: string; label: string; totals: { cost: string } }>
}

test.use({ timezoneId: TZ, locale: 'en-US' })
test.slow()

test.beforeAll(async () => {
  s = await startSurfaces(TZ)
  const budget = await s.keyward(['budgets', 'set', '--org', 'demo', '--limit', '5000', '--period', 'month'])
  expect(budget.code, budget.stderr).toBe(0)
})
test.afterAll(async () => {
  await s?.stop()
})

/** A table's cells as text: header → cell, one record per body row (columns found by their headers, so their order may change). */
async function rowsOf(table: Locator): Promise<Array<Record<string, string>>> {
  await expect(table.locator('tbody tr').first()).toBeVisible()
  return table.evaluate((t) => {
    const heads = [...t.querySelectorAll('thead th')].map((th) => (th.textContent ?? '').trim())
    return [...t.querySelectorAll('tbody tr')].map((tr) => Object.fromEntries([...tr.querySelectorAll('td')].map((td, i) => [heads[i] ?? `#${i}`, (td.textContent ?? '').trim()])))
  })
}

async function open(page: Page, title: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: title, exact: true }).click()
  await expect(page.locator('main h1').first()).toBeVisible()
  await settle(page)
}

/** What the three screens show, read in one pass. */
async function readScreens(page: Page) {
  await page.goto(s.daemon.url)
  await open(page, 'Limits')
  const limits = await rowsOf(page.getByRole('table', { name: 'Effective limits' }))

  await open(page, 'People')
  await page.getByRole('group', { name: 'Date range' }).getByRole('button', { name: 'This month' }).click()
  await settle(page)
  const people = await page.getByTestId('person-row').evaluateAll((trs) =>
    trs.map((tr) => {
      const table = tr.closest('table')!
      const heads = [...table.querySelectorAll('thead th')].map((th) => (th.textContent ?? '').trim())
      const cells = [...tr.querySelectorAll('td')]
      return { id: tr.getAttribute('data-person-id') ?? '', spend: (cells[heads.indexOf('Spend')]?.textContent ?? '').trim() }
    }),
  )

  await open(page, 'Budgets')
  const budgets = await rowsOf(page.getByRole('table', { name: 'Local budgets' }))
  return { limits, people, budgets }
}

test('the Limits, People and Budgets screens show the same dollars as keyward usage for this month', async ({ page }) => {
  for (let attempt = 1; ; attempt++) {
    const hour = Math.floor(Date.now() / 3_600_000)
    const synced = await s.keyward(['sync'])
    expect(synced.code, synced.stderr).toBe(0)
    const month = rangesAt(Date.now(), TZ).month
    const byUser = await s.keywardJson<Groups>(['usage', '--by', 'user', '--from', month.from, '--to', month.to, '--json'])
    const users = await s.rpc<{ items: Array<{ id: string; name: string }> }>('admin.listUsers', { orgId: 'demo', limit: 100 })
    const screens = await readScreens(page)
    if (Math.floor(Date.now() / 3_600_000) !== hour && attempt < 3) continue

    const monthOf = new Map(byUser.groups.map((g) => [g.id, g.totals.cost]))
    const shownMonth = (id: string): string => dollars(exactOf(monthOf.get(id) ?? '0'))

    // Limits: a member by name, a scoped key by its id.
    const idByName = new Map(users.items.map((u) => [u.name, u.id]))
    expect(screens.limits.length).toBeGreaterThan(0)
    const members = screens.limits.filter((row) => idByName.has(row.Member!))
    expect(new Set(members.map((row) => row.Member)).size).toBe(users.items.length)
    for (const row of screens.limits) {
      const id = idByName.get(row.Member!) ?? row.Member!
      expect(row['Spent this period'], `Limits: ${row.Member}`).toBe(shownMonth(id))
    }

    // People (This month): every identity's spend.
    expect(screens.people.map((p) => p.id).sort()).toEqual([...monthOf.keys()].sort())
    for (const person of screens.people) expect(person.spend, `People: ${person.id}`).toBe(shownMonth(person.id))

    // Budgets: the org budget's spend is the org's month.
    expect(screens.budgets).toHaveLength(1)
    expect(screens.budgets[0]!.Spent, 'Budgets: the org budget').toBe(dollars(exactOf(byUser.total.cost)))
    return
  }
})
