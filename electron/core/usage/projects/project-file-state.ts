import { join } from 'node:path'
import type { ProjectFileState } from '../../../../shared/contract'
import { isKeywardError } from '../../../../shared/keyward-error'
import { PROJECT_FILE, isIgnoredProjectFile, readProjectFile } from '../../keys/bindings/project-file'
import type { AllowedProject } from '../../platform/config/config.schema'

/**
 * The `.keyward.json` in `directory` as it stands now, read with resolution's own rules (never
 * through a link, another user's ignored, a FIFO or /dev/zero refused unread); null when a
 * directory with no allow record has none.
 */
export async function projectFileState(directory: string, allowed: AllowedProject | undefined, uid?: number): Promise<ProjectFileState | null> {
  const path = join(directory, PROJECT_FILE)
  const none = { profile: null, sha256: null, reason: null }
  let file: Awaited<ReturnType<typeof readProjectFile>>
  try {
    file = await readProjectFile(directory, uid)
  } catch (error) {
    if (isKeywardError(error)) return { ...none, state: 'invalid', path, reason: error.message }
    // A directory deleted since it was bound or allowed: ENOENT/ENOTDIR on its parent path.
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return allowed ? { ...none, state: 'missing', path } : null
    throw error
  }
  if (file === null) return allowed ? { ...none, state: 'missing', path } : null
  if (isIgnoredProjectFile(file)) return { ...none, state: 'ignored', path, reason: file.ignored }
  const state = !allowed ? 'pending' : allowed.sha256 === file.sha256 ? 'allowed' : 'changed'
  return { state, path, profile: file.profile, sha256: file.sha256, reason: null }
}
