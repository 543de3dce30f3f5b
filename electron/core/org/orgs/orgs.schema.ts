import { z } from 'zod'

/**
 * One org as stored in the config's `orgs` section. The demo org is stored with `demo: true` and
 * no base URL (its emulator picks a port each time it starts) and no key (it lives in memory).
 */
export const StoredOrg = z.object({
  id: z.string().min(1),
  name: z.string(),
  baseURL: z.string().nullable(),
  adminProfile: z.string().nullable(),
  demo: z.boolean().default(false),
  addedAt: z.string(),
})
export type StoredOrg = z.infer<typeof StoredOrg>
