import { z } from 'zod'
import { AmountString, ProjectedRange } from './usage.contract'
import { everywhere, procedure } from './procedure'

/** A project's directory exactly as the config records it (a real, absolute path). */
const ProjectDirectory = z.string().min(1, 'name a project directory').max(4096)

/**
 * The `.keyward.json` in a project's directory as it is now: allowed with this content, changed
 * since it was allowed, proposing a profile nobody allowed yet (pending), gone, ignored (another
 * user could have put it there) or not a valid project file. Never read through a link.
 */
export const ProjectFileState = z.object({
  state: z.enum(['allowed', 'changed', 'pending', 'missing', 'ignored', 'invalid']),
  path: z.string(),
  /** What the file proposes now (allowed, changed, pending). */
  profile: z.string().nullable(),
  /** The file's sha256 now; `projects.allow` must be given it, so a file swapped after it was shown is not allowed. */
  sha256: z.string().nullable(),
  /** Why it is ignored or invalid. */
  reason: z.string().nullable(),
})
export type ProjectFileState = z.infer<typeof ProjectFileState>

/** The last key served in (or under) a project, from the audit log's `key.served` lines. */
export const ProjectLastServed = z.object({
  at: z.string(),
  profile: z.string(),
  /** The sub-directory it was served in (the caller's working directory). */
  directory: z.string(),
  /** The tool as the caller claims it ($AI_AGENT), never checked. */
  agent: z.string().nullable(),
  /** The real caller from the OS, on lines the key socket wrote. */
  executable: z.string().nullable(),
  pid: z.number().int().nullable(),
})
export type ProjectLastServed = z.infer<typeof ProjectLastServed>

/**
 * Spend attributed to a project, like the usage dashboard's project breakdown: keys whose profile
 * serves this project alone count here; keys shared with other projects are listed apart, once,
 * never added to any one project.
 */
export const ProjectSpend = z.object({
  today: AmountString,
  monthToDate: AmountString,
  /** Month-end projection as a range (as the dashboard's); null too early in the month to say. */
  projected: ProjectedRange.nullable(),
  /** The spend this month of keys the project shares with others (not in `monthToDate`), and with whom. */
  shared: z.object({ today: AmountString, monthToDate: AmountString, withProjects: z.array(z.string()) }).nullable(),
})
export type ProjectSpend = z.infer<typeof ProjectSpend>

/** One project: a bound directory, an allowed project file, or both. */
export const ProjectSummary = z.object({
  directory: z.string(),
  /**
   * The profile a key is served from here: this directory's binding, else a bound parent's (an
   * explicit binding wins over project files at any depth), else the allowed file's.
   */
  profile: z.string(),
  source: z.enum(['binding', 'parent-binding', 'project-file']),
  /** The directory whose binding or project file decides (the bound parent for `parent-binding`). */
  decidedBy: z.string(),
  binding: z.object({ profile: z.string(), createdAt: z.string() }).nullable(),
  /** The allow record, and the file on disk now (checked with the same rules as resolution). */
  allowed: z.object({ profile: z.string(), allowedAt: z.string() }).nullable(),
  projectFile: ProjectFileState.nullable(),
  /** False when the directory is gone (it can still be unbound). */
  exists: z.boolean(),
  lastServed: ProjectLastServed.nullable(),
})
export type ProjectSummary = z.infer<typeof ProjectSummary>

/** Every project with its spend, in the currency of the usage cache. */
export const ProjectsOverview = z.object({
  currency: z.string(),
  /** The newest usage sync, or null when none has run (spend is then all zero). */
  lastSyncedAt: z.string().nullable(),
  timeZone: z.string(),
  projects: z.array(ProjectSummary.extend({ spend: ProjectSpend })),
})
export type ProjectsOverview = z.infer<typeof ProjectsOverview>

/** The time zone "today" and "this month" are in. */
const TimeZoneInput = z.object({ timeZone: z.string().min(1).max(64) })

/** Procedures of the Projects screen (rebind and unbind are `bindings.set` / `bindings.remove`). */
export const projectProcedures = {
  'projects.list': procedure(TimeZoneInput.strict(), ProjectsOverview, everywhere),
  /** Allows the `.keyward.json` of exactly this listed project, if it still has the hash shown. */
  'projects.allow': procedure(
    z.object({ directory: ProjectDirectory, sha256: z.string().regex(/^[0-9a-f]{64}$/, 'the sha256 the screen showed') }).strict(),
    z.object({ directory: z.string(), profile: z.string(), shadowedBy: z.string().nullable() }),
    everywhere,
  ),
  /** Shows a listed project's directory in the file manager; hosts without one (the daemon) refuse. */
  'projects.reveal': procedure(z.object({ directory: ProjectDirectory }).strict(), z.object({ revealed: z.literal(true) }), everywhere),
}
