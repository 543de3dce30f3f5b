import { homedir } from 'node:os'
import { resolve as resolvePath } from 'node:path'
import { KeywardError } from '../../../../shared/errors'
import type { AuditLog } from '../../platform/audit/audit-log'
import type { Binding, Config } from '../../platform/config/config.schema'
import type { ConfigStore } from '../../platform/config/config-store'
import { checkName, findProfile } from '../profiles/profiles-service'
import { type IgnoredProjectFile, PROJECT_FILE, type ProjectFile, isIgnoredProjectFile, readProjectFile } from './project-file'
import { type Resolution, ignoredNote, profileForDirectory, realDirectory, selfAndParents } from './resolve'

/** What `set` did: the binding, and the profile it replaced there, if any. */
export interface SetBinding {
  readonly directory: string
  readonly profile: string
  readonly replaced: string | null
  /** False when the name was recorded without a profile stored here (`forwarded`): its key comes from a laptop over keyward ssh. */
  readonly stored: boolean
}

/** What `allow` recorded, and a note when an explicit binding of a parent still takes precedence. */
export interface AllowedFile {
  readonly directory: string
  readonly file: string
  readonly profile: string
  readonly shadowedBy: string | null
}

/** Directory bindings, project-file allow records, and the question "which profile applies here?". */
export interface BindingsService {
  /** Every binding, sorted by directory. */
  list(): Promise<Binding[]>
  /**
   * Binds an existing directory (its real path) to an API-key profile. With `forwarded`, a name
   * no profile here has is recorded too (a remote machine whose keys come from a laptop over keyward
   * ssh); an Admin-key profile is refused either way.
   */
  set(directory: string, profile: string, options?: { forwarded?: boolean }): Promise<SetBinding>
  /** Removes the binding of exactly `directory`; NOT_FOUND (naming the parent that applies) otherwise. */
  remove(directory: string): Promise<Binding>
  /** Which profile would be served in `directory`, and why; reads no key. */
  which(directory: string): Promise<Resolution>
  /**
   * Allows the nearest `.keyward.json` at or above `directory`, recording its sha256. With `expected`,
   * only the file in `directory` itself, and only while it still has that sha256 (CONFLICT otherwise):
   * the Projects screen allows exactly the file it showed, never a parent's or a swapped one.
   */
  allow(directory: string, expected?: { readonly sha256: string }): Promise<AllowedFile>
}

/** What the bindings service is built from; `base` resolves relative directories (the CLI's cwd). */
export interface BindingsDeps {
  readonly config: ConfigStore
  readonly audit: AuditLog
  readonly base?: string
  readonly now?: () => Date
  /** Whose project files count (see readProjectFile); the process's uid unless a test says otherwise. */
  readonly uid?: number
}

/** Expands a leading `~` (the renderer's text field has no shell to do it) and makes the path absolute. */
export function absoluteDirectory(dir: string, base: string): string {
  const expanded = dir === '~' ? homedir() : dir.startsWith('~/') ? `${homedir()}${dir.slice(1)}` : dir
  return resolvePath(base, expanded)
}

/** Refuses Admin-key profiles where a key would be served. */
function requireApiProfile(config: Config, name: string): void {
  const meta = findProfile(config, name)
  if (meta.kind !== 'api') {
    throw new KeywardError('INVALID_INPUT', `profile "${name}" holds an Admin key, which Keyward never hands to tools; bind an API-key profile instead`)
  }
}

/** Builds the bindings service. */
export function createBindingsService(deps: BindingsDeps): BindingsService {
  const now = deps.now ?? (() => new Date())
  const base = () => deps.base ?? process.cwd()
  const { config, audit } = deps
  const readFile = (dir: string) => readProjectFile(dir, deps.uid)

  return {
    async list() {
      return [...(await config.read()).bindings].sort((a, b) => a.directory.localeCompare(b.directory))
    },

    async set(directory, profile, options = {}) {
      const real = await realDirectory(absoluteDirectory(directory, base()))
      let replaced: string | null = null
      let stored = true
      await config.update((current) => {
        stored = current.profiles.some((p) => p.name === profile)
        if (stored || !options.forwarded) requireApiProfile(current, profile)
        else checkName(profile)
        replaced = current.bindings.find((b) => b.directory === real)?.profile ?? null
        const others = current.bindings.filter((b) => b.directory !== real)
        return { ...current, bindings: [...others, { directory: real, profile, createdAt: now().toISOString() }] }
      })
      await audit.append({ event: 'binding.set', profile, directory: real, ...(replaced !== null && { detail: `replaced ${replaced}` }) })
      return { directory: real, profile, replaced, stored }
    },

    async remove(directory) {
      const absolute = absoluteDirectory(directory, base())
      // A directory deleted since it was bound can still be unbound by the path it was bound under.
      const real = await realDirectory(absolute).catch(() => absolute)
      let removed: Binding | undefined
      await config.update((current) => {
        removed = current.bindings.find((b) => b.directory === real)
        if (!removed) {
          const parent = selfAndParents(real)
            .map((d) => current.bindings.find((b) => b.directory === d))
            .find(Boolean)
          throw new KeywardError(
            'NOT_FOUND',
            parent
              ? `${real} has no binding of its own; it gets "${parent.profile}" from ${parent.directory}; run: keyward unbind --dir ${parent.directory}`
              : `${real} is not bound to any profile; run: keyward which --dir ${real} to see what applies there`,
          )
        }
        return { ...current, bindings: current.bindings.filter((b) => b !== removed) }
      })
      await audit.append({ event: 'binding.removed', profile: removed!.profile, directory: real })
      return removed!
    },

    async which(directory) {
      return profileForDirectory(await config.read(), absoluteDirectory(directory, base()), readFile)
    },

    async allow(directory, expected) {
      const real = await realDirectory(absoluteDirectory(directory, base()))
      let nearest: ProjectFile | null = null
      const ignored: IgnoredProjectFile[] = []
      for (const dir of selfAndParents(real)) {
        const file = await readFile(dir)
        if (file && isIgnoredProjectFile(file)) ignored.push(file)
        else if (file) {
          nearest = file
          break
        }
      }
      // Another user's file is never allowed: a file they control must not choose your key.
      if (!nearest) throw new KeywardError('NOT_FOUND', `there is no ${PROJECT_FILE} in ${real} or its parents; nothing to allow${ignoredNote(ignored)}`)
      const found: ProjectFile = nearest
      if (expected && (found.directory !== real || found.sha256 !== expected.sha256)) {
        throw new KeywardError(
          'CONFLICT',
          found.directory !== real
            ? `${real} has no ${PROJECT_FILE} of its own that counts (the nearest is ${found.path}); nothing was allowed: review it, then run: keyward allow --dir ${found.directory}`
            : `${found.path} changed after it was shown; nothing was allowed: reload and review it again`,
        )
      }
      let shadowedBy: string | null = null
      await config.update((current) => {
        requireApiProfile(current, found.profile)
        const dirs = new Set(selfAndParents(found.directory))
        shadowedBy = current.bindings.filter((b) => dirs.has(b.directory)).sort((a, b) => b.directory.length - a.directory.length)[0]?.directory ?? null
        const others = current.allowedProjects.filter((a) => a.directory !== found.directory)
        return {
          ...current,
          allowedProjects: [...others, { directory: found.directory, sha256: found.sha256, profile: found.profile, allowedAt: now().toISOString() }],
        }
      })
      await audit.append({ event: 'project.allowed', profile: found.profile, directory: found.directory })
      return { directory: found.directory, file: found.path, profile: found.profile, shadowedBy }
    },
  }
}
