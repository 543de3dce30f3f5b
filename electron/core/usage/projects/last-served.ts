import type { AuditEntry, ProjectLastServed } from '../../../../shared/contract'
import { selfAndParents } from '../../keys/bindings/resolve'

/**
 * The newest `key.served` line in or under each project directory (audit entries newest first).
 * A key served in a sub-directory counts for the nearest project above it only, as resolution would
 * have picked it, so nested projects do not share a line.
 */
export function lastServedByProject(entries: readonly AuditEntry[], directories: ReadonlySet<string>): Map<string, ProjectLastServed> {
  const found = new Map<string, ProjectLastServed>()
  for (const entry of entries) {
    if (found.size === directories.size) break
    if (entry.event !== 'key.served' || !entry.directory || !entry.profile) continue
    const project = selfAndParents(entry.directory).find((dir) => directories.has(dir))
    if (project === undefined || found.has(project)) continue
    found.set(project, {
      at: entry.time,
      profile: entry.profile,
      directory: entry.directory,
      agent: entry.agent ?? null,
      executable: entry.executable ?? null,
      pid: entry.pid ?? null,
    })
  }
  return found
}
