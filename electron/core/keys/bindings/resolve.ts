import { dirname, resolve as resolvePath } from 'node:path'
import { KeywardError } from '../../../../shared/keyward-error'
import type { ServingConfig } from '../../platform/config/serving-config'
import { singleFlight } from '../../platform/single-flight'
import { realpathAsync, statAsync } from '../../platform/fs/fs-async'
import { type IgnoredProjectFile, type ProjectFile, isIgnoredProjectFile, readProjectFile } from './project-file'

/** Why a profile applies to a directory. */
export type ResolutionReason = 'binding' | 'project-file' | 'default'

/** Which profile applies to a directory and why; `directory` is where the match was found (the real cwd for the default). */
export interface Resolution {
  readonly profile: string
  readonly reason: ResolutionReason
  readonly directory: string
  /** The real path resolution started from. */
  readonly cwd: string
  /** The project file that decided it, for reason 'project-file'. */
  readonly projectFile?: string
  /** Project files passed over on the way (another user's, or unreadable; see readProjectFile), nearest first; absent when none. */
  readonly ignored?: readonly IgnoredProjectFile[]
}

/** `dir` and each of its parents, nearest first. */
export function selfAndParents(dir: string): string[] {
  const out = [dir]
  for (let current = dir, parent = dirname(dir); parent !== current; current = parent, parent = dirname(parent)) out.push(parent)
  return out
}

/** realpath(3), one call shared by concurrent requests for the same path; nothing is cached once it returns (symlinks may be re-pointed). */
const sharedRealpath = singleFlight(realpathAsync)

/** The real path of an existing directory; INVALID_INPUT naming it when it does not exist or is a file. */
export async function realDirectory(dir: string, base: string = process.cwd()): Promise<string> {
  const absolute = resolvePath(base, dir)
  try {
    const real = await sharedRealpath(absolute)
    if (!(await statAsync(real)).isDirectory()) {
      throw new KeywardError('INVALID_INPUT', `${absolute} is a file, not a directory; pass the folder it is in with --dir`)
    }
    return real
  } catch (error) {
    if (error instanceof KeywardError) throw error
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new KeywardError('INVALID_INPUT', `there is no directory ${absolute}; create it first or pass an existing one with --dir`)
    }
    throw new KeywardError('INVALID_INPUT', `cannot open the directory ${absolute} (${(error as Error).message})`)
  }
}

/**
 * Decides which profile serves `cwd`, in this order (documented in docs/guide/keys-and-projects.md):
 * 1. an explicit binding of the real cwd or its nearest bound parent (longest path wins);
 * 2. the nearest `.keyward.json`, only if allowed with the current file's hash (else NOT_ALLOWED,
 *    because a repository must not pick a key without the user's consent, nor silently fall through);
 *    one that is not a regular file of yours, or is malformed, is INVALID_INPUT, for the same reason;
 *    one that another user could have put there is ignored (passed over, and listed in `ignored`);
 * 3. the default profile;
 * otherwise NOT_BOUND with the command that fixes it. Explicit bindings win over project files at
 * any depth because the user made them on this machine; a repo only proposes.
 */
export async function profileForDirectory(
  config: Pick<ServingConfig, 'bindings' | 'allowedProjects' | 'defaultProfile'>,
  cwd: string,
  readFile: (dir: string) => Promise<ProjectFile | IgnoredProjectFile | null> = readProjectFile,
  /** `cwd`'s real path when the caller has just resolved it as a directory (the key socket's caller check), saving the same system calls. */
  knownRealDirectory?: string,
): Promise<Resolution> {
  const real = knownRealDirectory ?? (await realDirectory(cwd))
  const chain = selfAndParents(real)
  if (config.bindings.length > 0) {
    const byDir = new Map(config.bindings.map((b) => [b.directory, b.profile]))
    for (const dir of chain) {
      const profile = byDir.get(dir)
      if (profile !== undefined) return { profile, reason: 'binding', directory: dir, cwd: real }
    }
  }
  const ignored: IgnoredProjectFile[] = []
  const passedOver = () => (ignored.length > 0 ? { ignored } : {})
  for (const dir of chain) {
    const file = await readFile(dir)
    if (!file) continue
    if (isIgnoredProjectFile(file)) {
      ignored.push(file)
      continue
    }
    const allowed = config.allowedProjects.find((a) => a.directory === dir)
    if (!allowed || allowed.sha256 !== file.sha256) {
      throw new KeywardError(
        'NOT_ALLOWED',
        `${file.path} proposes profile "${file.profile}" but ${allowed ? 'changed since it was allowed' : 'has not been allowed'}; review it, then run: keyward allow --dir ${dir}`,
      )
    }
    return { profile: file.profile, reason: 'project-file', directory: dir, cwd: real, projectFile: file.path, ...passedOver() }
  }
  if (config.defaultProfile !== null) return { profile: config.defaultProfile, reason: 'default', directory: real, cwd: real, ...passedOver() }
  throw new KeywardError('NOT_BOUND', `no key is bound to ${real} or its parents; run: keyward use <profile> --dir ${real}${ignoredNote(ignored)}`)
}

/** " (ignored F: why; …)" for messages, or "" when nothing was passed over. */
export function ignoredNote(ignored: readonly IgnoredProjectFile[]): string {
  return ignored.length === 0 ? '' : ` (ignored ${ignored.map((f) => `${f.path}: ${f.ignored}`).join('; ')})`
}

/** A resolution as `keyward which --json` and `bindings.which` print it: every field present. */
export function whichSummary(found: Resolution) {
  return {
    profile: found.profile,
    reason: found.reason,
    directory: found.directory,
    cwd: found.cwd,
    projectFile: found.projectFile ?? null,
    ignoredProjectFiles: (found.ignored ?? []).map((f) => ({ file: f.path, reason: f.ignored })),
  }
}
