import { type Page, expect } from '@playwright/test'

/** A screen as the running renderer lists it in its navigation (so new screens are walked automatically). */
export interface ListedScreen {
  readonly id: string
  readonly title: string
}

/** Reads every screen from the renderer's main navigation, which is generated from renderer/src/screens/registry.ts. */
export async function listScreens(page: Page): Promise<ListedScreen[]> {
  const nav = page.getByRole('navigation', { name: 'Main' })
  await expect(nav.getByRole('link').first()).toBeVisible()
  const links = await nav.getByRole('link').evaluateAll((as) => as.map((a) => ({ href: a.getAttribute('href') ?? '', title: (a.textContent ?? '').trim() })))
  return links.map(({ href, title }) => ({ id: href.replace(/^#\//, ''), title }))
}

/** Opens a screen through its nav link and waits until it has settled (heading shown, nothing loading). */
export async function openScreen(page: Page, screen: ListedScreen): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: screen.title, exact: true }).click()
  await expect(page).toHaveURL(new RegExp(`#/${screen.id}$`))
  await expect(page.locator('main h1').first()).toBeVisible()
  await settle(page)
}

/** Waits for loading indicators to go and the network to be idle, so checks and screenshots see the final screen. */
export async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle')
  await expect(page.getByRole('status').filter({ hasText: /Loading/ })).toHaveCount(0)
  await expect(page.locator('main').getByText(/^Loading/)).toHaveCount(0)
}

/** Opens the screen titled `title` through its nav link and waits until it has settled. */
export async function openScreenNamed(page: Page, title: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: title, exact: true }).click()
  await settle(page)
}
