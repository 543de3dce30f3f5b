import type { TrayRecentProject } from '../../../../shared/contract/tray.contract'
import type { ServedEntry } from './tray-providers'

/**
 * Turns audit entries (newest first) into the distinct directories most recently served a key,
 * newest first, at most `limit`. Only `key.served` lines with a directory count: a copy from the
 * tray or a vault change is not a project.
 */
export function recentProjectsFrom(entries: readonly ServedEntry[], limit: number): TrayRecentProject[] {
  const seen = new Set<string>()
  const out: TrayRecentProject[] = []
  for (const entry of entries) {
    if (out.length >= limit) break
    if (entry.event !== 'key.served' || !entry.directory || !entry.profile) continue
    if (seen.has(entry.directory)) continue
    seen.add(entry.directory)
    out.push({ directory: entry.directory, profile: entry.profile, at: entry.time })
  }
  return out
}
