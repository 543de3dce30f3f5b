import { z } from 'zod'
import { KeyKind, ProfileName, checkKey } from '../keys.schema'
import { everywhere, notOverHttp, procedure } from './procedure'

export { KeyKind } from '../keys.schema'

/** A profile as anyone outside the core sees it: metadata and a masked hint, never the key. */
export const ProfileSummary = z.object({
  name: z.string(),
  kind: KeyKind,
  hint: z.string(),
  tags: z.array(z.string()),
  createdAt: z.string(),
  rotatedAt: z.string().nullable(),
  isDefault: z.boolean(),
  /** Guarded: the desktop app asks a person before serving it to a tool; the headless daemon and the no-daemon helper refuse it. */
  requiresApproval: z.boolean(),
  /** Forwardable: served to remote machines over `keyward ssh` (the laptop's forwarding socket); off by default. */
  forwardable: z.boolean().default(false),
})
export type ProfileSummary = z.infer<typeof ProfileSummary>

/**
 * A new profile: the only input that carries a key, renderer → core, never back. The key is
 * checked against `kind` here (the renderer runs the same check before sending); issues name
 * only the prefix.
 */
export const AddProfileInput = z
  .object({ name: ProfileName, kind: KeyKind, key: z.string().max(1024, 'a key is far shorter than 1024 characters') })
  .strict()
  .superRefine((input, ctx) => {
    const checked = checkKey(input.kind, input.key)
    if (!checked.ok) ctx.addIssue({ code: 'custom', path: ['key'], message: checked.message })
  })
export type AddProfileInput = z.infer<typeof AddProfileInput>

/** What removing a profile also removed. */
export const RemovedProfile = z.object({ name: z.string(), removedBindings: z.array(z.string()), clearedDefault: z.boolean() })
export type RemovedProfile = z.infer<typeof RemovedProfile>

/** Procedures about profiles (named keys). */
export const profileProcedures = {
  'profiles.list': procedure(z.object({}).strict(), z.array(ProfileSummary), everywhere),
  'profiles.add': procedure(AddProfileInput, ProfileSummary, everywhere),
  'profiles.remove': procedure(z.object({ name: ProfileName, force: z.boolean().default(false) }).strict(), RemovedProfile, everywhere),
  'profiles.rename': procedure(z.object({ from: ProfileName, to: ProfileName }).strict(), ProfileSummary, everywhere),
  'profiles.setDefault': procedure(z.object({ name: ProfileName.nullable() }).strict(), z.object({ defaultProfile: z.string().nullable() }), everywhere),
  'profiles.setApproval': procedure(z.object({ name: ProfileName, required: z.boolean() }).strict(), ProfileSummary, everywhere),
  'profiles.setForwardable': procedure(z.object({ name: ProfileName, forwardable: z.boolean() }).strict(), ProfileSummary, everywhere),
  /** Hands a key out (to the host's clipboard): only to the person at the desktop app, never to a dashboard caller. */
  'profiles.copyKey': procedure(
    z.object({ name: ProfileName }).strict(),
    z.object({ copied: z.literal(true) }),
    notOverHttp(
      "copying a key is not available on the daemon's web dashboard, because it hands a key out: copy it in the desktop app, or give it to a command in a terminal on this machine; run: keyward exec -- COMMAND",
    ),
  ),
}
