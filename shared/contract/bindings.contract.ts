import { z } from 'zod'
import { ProfileName } from '../keys.schema'
import { everywhere, procedure } from './procedure'

/** A directory (absolute, real path) bound to a profile. */
export const BindingSummary = z.object({ directory: z.string(), profile: z.string(), createdAt: z.string() })
export type BindingSummary = z.infer<typeof BindingSummary>

/** An absolute path (POSIX `/…`, Windows `C:\…` or `\\server\…`), or one starting with `~` (the home directory). */
const ABSOLUTE_OR_HOME = /^(~(?:$|[\\/])|\/|[A-Za-z]:[\\/]|\\\\)/

/**
 * A directory as typed by a person in the dashboard: absolute, or starting with `~`. A relative
 * one is refused rather than read against the app's own working directory, which the person
 * cannot see (the CLI resolves relative directories against the shell's, as a shell would).
 */
export const DirectoryInput = z
  .string()
  .min(1, 'enter a directory')
  .max(4096)
  .refine((d) => ABSOLUTE_OR_HOME.test(d.trim()), {
    message: 'enter the whole path of the directory, starting with / or ~ (e.g. ~/code/project); a relative path has no directory to start from here',
  })

/** Which profile applies to a directory and why; never the key. */
export const WhichResult = z.object({
  profile: z.string(),
  reason: z.enum(['binding', 'project-file', 'default']),
  directory: z.string(),
  cwd: z.string(),
  projectFile: z.string().nullable(),
  /** `.keyward.json` files resolution passed over because another user could have put them there. */
  ignoredProjectFiles: z.array(z.object({ file: z.string(), reason: z.string() })),
})
export type WhichResult = z.infer<typeof WhichResult>

/** Procedures about directory bindings. */
export const bindingProcedures = {
  'bindings.list': procedure(z.object({}).strict(), z.array(BindingSummary), everywhere),
  'bindings.set': procedure(
    z.object({ directory: DirectoryInput, profile: ProfileName }).strict(),
    /** `replaced`: the profile the directory was bound to before, when this rebinds it (the CLI's "(was gamma)"). */
    z.object({ directory: z.string(), profile: z.string(), replaced: z.string().nullable() }),
    everywhere,
  ),
  'bindings.remove': procedure(z.object({ directory: DirectoryInput }).strict(), BindingSummary, everywhere),
  'bindings.which': procedure(z.object({ directory: DirectoryInput }).strict(), WhichResult, everywhere),
}
