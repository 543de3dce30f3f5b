import { mkdtempSync } from 'node:fs'
import { join } from 'node:path'
import { writeStateFile } from '../../platform/config/atomic-write'
import { ensurePrivateDir } from '../../platform/fs/private-dir'
import { type SocketLocation, TMP_SOCKET_DIR_FILE, tmpSocketDirPrefix } from './socket-path'

const ROLE = "Keyward's socket directory"

/**
 * Readies the server's socket directory and answers where to listen. The directory, not the
 * socket's own mode, is what keeps other users out on every platform (some kernels ignore a socket
 * file's mode): it is created 0700, or checked to be ours and not swappable by another user, and
 * tightened (core/platform/fs/private-dir.ts, the one checker for private directories). The tmp fallback
 * gets a directory with a random name (mkdtemp, 0700), recorded in `<dataDir>/socket-dir` for the
 * helper, and kept while it stays a private directory of ours; a missing one (tmp cleaned at boot)
 * or one that is not ours is replaced by a new random one, never recreated under a known name.
 */
export async function prepareSocketDir(dataDir: string, location: SocketLocation): Promise<SocketLocation> {
  if (location.kind !== 'tmp') {
    if (location.dir) ensurePrivateDir(location.dir, { role: ROLE })
    return location
  }
  if (location.dir) {
    try {
      if (ensurePrivateDir(location.dir, { role: ROLE, create: false })) return location
    } catch {
      // Not ours any more: fall through to a fresh random directory.
    }
  }
  const dir = mkdtempSync(tmpSocketDirPrefix())
  await writeStateFile(join(dataDir, TMP_SOCKET_DIR_FILE), `${dir}\n`)
  return { path: join(dir, 'keyward.sock'), dir, kind: 'tmp' }
}
