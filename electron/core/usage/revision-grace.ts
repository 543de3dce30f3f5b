import { KeywardError } from '../../../shared/errors'

/** The default: last month stays open (re-fetched as the service revises it) until the 8th of this month. */
export const DEFAULT_GRACE_DAYS = 8

/**
 * Until which day of a month the previous month is still fetched again, from
 * `KEYWARD_REVISION_GRACE_DAYS` (default 8: Anthropic revises a month's usage until about 7 days
 * after it ends). A whole number from 0 (last month closes on the 1st) to 28; anything else is an
 * error that says so, rather than a silent default that would let the invoice drift.
 */
export function revisionGraceDaysFromEnv(env: NodeJS.ProcessEnv): number {
  const text = env.KEYWARD_REVISION_GRACE_DAYS
  if (text === undefined || text.trim() === '') return DEFAULT_GRACE_DAYS
  const days = Number(text)
  if (!Number.isInteger(days) || days < 0 || days > 28) {
    throw new KeywardError('INVALID_INPUT', `KEYWARD_REVISION_GRACE_DAYS is ${JSON.stringify(text.slice(0, 20))}; give a whole number of days from 0 to 28 (default 8), or unset it`)
  }
  return days
}
