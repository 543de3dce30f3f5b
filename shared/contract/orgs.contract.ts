import { z } from 'zod'
import { baseUrlProblem } from '../base-url'
import { everywhere, notOverHttp, procedure } from './procedure'

/** An organization as the renderer sees it: where its Admin API is and which profile opens it, never the key. */
export const OrgSummary = z.object({
  id: z.string(),
  name: z.string(),
  baseURL: z.string(),
  adminProfile: z.string().nullable(),
  demo: z.boolean(),
})
export type OrgSummary = z.infer<typeof OrgSummary>

/** A base URL for the Admin API: https://, or http:// to this machine (the emulator), so the Admin key never travels in the clear. */
export const BaseURL = z
  .string()
  .trim()
  .superRefine((u, ctx) => {
    const problem = baseUrlProblem(u)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })

/** What `orgs.add` takes: an Admin-key profile (kind `admin`) and, optionally, a base URL. */
export const AddOrgInput = z
  .object({
    adminProfile: z.string().min(1).max(64),
    baseURL: BaseURL.optional(),
  })
  .strict()
export type AddOrgInput = z.infer<typeof AddOrgInput>

/** Procedures about the organizations Keyward administers. */
export const orgProcedures = {
  'orgs.list': procedure(z.object({}).strict(), z.array(OrgSummary), everywhere),
  /**
   * Reads the profile's Admin key and sends it to the base URL in the input, then keeps sending it
   * there on every sync: whoever names the URL chooses where the key goes, so a leaked dashboard
   * address must never reach it.
   */
  'orgs.add': procedure(
    AddOrgInput,
    OrgSummary,
    notOverHttp(
      "adding an org is not available on the daemon's web dashboard, because it sends an Admin key to the address it is given: add it in the desktop app, or in a terminal on this machine; run: keyward orgs add PROFILE",
    ),
  ),
  'orgs.remove': procedure(z.object({ orgId: z.string().min(1) }).strict(), z.object({ removed: z.boolean() }), everywhere),
  'orgs.addDemo': procedure(z.object({}).strict(), OrgSummary, everywhere),
}
