import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { KeywardError } from '../../../shared/keyward-error'
import { isProfileName } from '../../../shared/profile-name'

/** The file a repository may commit to propose a profile: `{"profile": "name"}`. */
export const PROJECT_FILE = '.keyward.json'

/** Larger than any honest `.keyward.json`; bigger files are refused unread. */
const MAX_BYTES = 64 * 1024

/** A `.keyward.json` as found on disk: where, what it proposes, and the hash an allow record must match. */
export interface ProjectFile {
  readonly directory: string
  readonly path: string
  readonly profile: string
  readonly sha256: string
}

/** Reads `<directory>/.keyward.json`; null when there is none; INVALID_INPUT naming the file when it is malformed. */
export async function readProjectFile(directory: string): Promise<ProjectFile | null> {
  const path = join(directory, PROJECT_FILE)
  let bytes: Buffer
  try {
    bytes = await readFile(path)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EACCES') return null
    throw error
  }
  const malformed = (why: string) =>
    new KeywardError('INVALID_INPUT', `${path} is not a valid project file (${why}); it must be {"profile": "<name>"}: fix or delete it`)
  if (bytes.length > MAX_BYTES) throw malformed(`larger than ${MAX_BYTES} bytes`)
  let json: unknown
  try {
    json = JSON.parse(bytes.toString('utf8'))
  } catch {
    throw malformed('not JSON')
  }
  const profile = (json as { profile?: unknown } | null)?.profile
  if (!isProfileName(profile)) {
    throw malformed('"profile" is missing or not a profile name')
  }
  // node:crypto loads only when a project file exists: it costs the helper's start-up several milliseconds.
  const { createHash } = await import('node:crypto')
  return { directory, path, profile, sha256: createHash('sha256').update(bytes).digest('hex') }
}
