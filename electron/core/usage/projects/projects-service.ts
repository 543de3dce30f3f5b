import { lstat } from 'node:fs/promises'
import { requireTimeZone } from '../../../../shared/calendar'
import type { ProjectSummary, ProjectsOverview } from '../../../../shared/contract'
import { KeywardError } from '../../../../shared/errors'
import type { AuditLog } from '../../platform/audit/audit-log'
import type { AllowedFile, BindingsService } from '../../keys/bindings/bindings-service'
import { realDirectory, selfAndParents } from '../../keys/bindings/resolve'
import type { Config } from '../../platform/config/config.schema'
import type { ConfigStore } from '../../platform/config/config-store'
import { CURRENCY, type UsageQueryService } from '../usage-service'
import { lastServedByProject } from './last-served'
import { projectFileState } from './project-file-state'
import { spendByProject } from './project-spend'
import type { Revealer } from './reveal'
import type { Watermarks } from '../usage-projection'

/** How far back the audit log is read for "last served" (newest lines first; older projects show none). */
const AUDIT_LINES = 50_000

/** Every bound directory and allowed project file, with spend and last use; allow and reveal one of them. */
export interface ProjectsService {
  /** The projects, sorted by directory, with spend in `timeZone` (an IANA name). */
  list(timeZone: string): Promise<ProjectsOverview>
  /** Allows the `.keyward.json` of a listed project, only while it has `sha256` (what the screen showed). */
  allow(directory: string, sha256: string): Promise<AllowedFile>
  /** Shows a listed project's directory in the file manager. */
  reveal(directory: string): Promise<void>
}

/** What the projects service reads: the config, bindings, audit log and usage cache, and the host's revealer. */
export interface ProjectsDeps {
  readonly config: ConfigStore
  readonly bindings: BindingsService
  readonly audit: AuditLog
  readonly usage: UsageQueryService
  readonly revealer: Revealer
  readonly now?: () => Date
  /** Whose project files count (see readProjectFile); the process's uid unless a test says otherwise. */
  readonly uid?: number
  /** The service's watermark per org, so the month-end projection leaves the partial hour out (without it: up to the current hour). */
  readonly watermarks?: () => Promise<Watermarks>
}

/** The directories the config lists as projects: bindings and allow records, each once. */
function listedDirectories(config: Config): string[] {
  return [...new Set([...config.bindings.map((b) => b.directory), ...config.allowedProjects.map((a) => a.directory)])].sort((a, b) => a.localeCompare(b))
}

/** True when `dir` is still a directory (not replaced by a link or a file); a deleted one is false. */
async function isDirectory(dir: string): Promise<boolean> {
  return (await lstat(dir).catch(() => null))?.isDirectory() ?? false
}

/**
 * Refuses anything but a directory the config lists, still at its real path: the renderer names the
 * directory, so it must not be able to point the file manager or an allow record anywhere else.
 */
async function listedProject(config: ConfigStore, directory: string): Promise<string> {
  if (!listedDirectories(await config.read()).includes(directory)) {
    throw new KeywardError(
      'NOT_FOUND',
      `${directory.slice(0, 4096)} is not a bound directory or an allowed project; bind it first (keyward use PROFILE --dir DIR) or allow its file (keyward allow --dir DIR)`,
    )
  }
  const real = await realDirectory(directory)
  if (real !== directory) throw new KeywardError('CONFLICT', `${directory} is now a link to ${real}; nothing was done: unbind it and bind the real directory instead`)
  return real
}

/** Builds the projects service. */
export function createProjectsService(deps: ProjectsDeps): ProjectsService {
  const now = deps.now ?? (() => new Date())
  return {
    async list(timeZone) {
      requireTimeZone(timeZone)
      const config = await deps.config.read()
      const dirs = listedDirectories(config)
      const at = now()
      const watermarks = await deps.watermarks?.().catch(() => undefined)
      const [entries, { spend, lastSyncedAt }] = await Promise.all([deps.audit.read({ limit: AUDIT_LINES }), spendByProject(deps.usage, dirs, at, timeZone, watermarks)])
      const served = lastServedByProject(entries, new Set(dirs))
      const projects = await Promise.all(
        dirs.map(async (directory) => {
          const binding = config.bindings.find((b) => b.directory === directory)
          const allowed = config.allowedProjects.find((a) => a.directory === directory)
          // As resolve.ts decides: a bound parent wins over this directory's own allowed file.
          const parent = binding
            ? undefined
            : selfAndParents(directory)
                .slice(1)
                .map((d) => config.bindings.find((b) => b.directory === d))
                .find((b) => b !== undefined)
          const decider = binding ?? parent
          const summary: ProjectSummary = {
            directory,
            profile: decider?.profile ?? allowed!.profile,
            source: binding ? 'binding' : parent ? 'parent-binding' : 'project-file',
            decidedBy: decider?.directory ?? directory,
            binding: binding ? { profile: binding.profile, createdAt: binding.createdAt } : null,
            allowed: allowed ? { profile: allowed.profile, allowedAt: allowed.allowedAt } : null,
            projectFile: await projectFileState(directory, allowed, deps.uid),
            exists: await isDirectory(directory),
            lastServed: served.get(directory) ?? null,
          }
          return { ...summary, spend: spend.get(directory)! }
        }),
      )
      return { currency: CURRENCY, lastSyncedAt, timeZone, projects }
    },

    async allow(directory, sha256) {
      return deps.bindings.allow(await listedProject(deps.config, directory), { sha256 })
    },

    async reveal(directory) {
      await deps.revealer.showInFolder(await listedProject(deps.config, directory))
    },
  }
}
