import { KeywardError } from '../../../shared/errors'
import { parseCents } from '../../../shared/money'
import type { Catalog } from './catalog-types'

/**
 * Checks the money a fetched catalog carries (server-side spend limits) before the sync commits
 * it: an amount that is negative, not a decimal or absurdly long is a malformed answer, so the
 * sync fails naming the endpoint and the field, and the cache keeps what it had.
 */
export function checkCatalogAmounts(catalog: Catalog): Catalog {
  for (const limit of catalog.spendLimits) {
    if (limit.amountCents === null) continue
    try {
      parseCents(limit.amountCents)
    } catch (error) {
      throw new KeywardError(
        'UNAVAILABLE',
        `the Admin API sent a spend limit Keyward could not read (GET /v1/organizations/spend_limits, field amount: ${(error as Error).message}); the cache was left unchanged and the next sync retries.`,
      )
    }
  }
  return catalog
}
