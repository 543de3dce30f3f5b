import { z } from 'zod'
import { procedure } from './procedure'

/** What a profile holds: an API key (`sk-ant-api03-…`) or an Admin key (`sk-ant-admin01-…`). */
export const KeyKind = z.enum(['api', 'admin'])
export type KeyKind = z.infer<typeof KeyKind>

/** A profile as anyone outside the core sees it: metadata and a masked hint, never the key. */
export const ProfileSummary = z.object({
  name: z.string(),
  kind: KeyKind,
  hint: z.string(),
  tags: z.array(z.string()),
  createdAt: z.string(),
  rotatedAt: z.string().nullable(),
  isDefault: z.boolean(),
})
export type ProfileSummary = z.infer<typeof ProfileSummary>

/** Procedures about profiles (named keys). */
export const profileProcedures = {
  'profiles.list': procedure(z.object({}).strict(), z.array(ProfileSummary)),
}
