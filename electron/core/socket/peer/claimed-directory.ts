import { realpath } from 'node:fs/promises'
import { resolve, sep } from 'node:path'
import { KeywardError } from '../../../../shared/keyward-error'
import { type PeerIdentity, describeProcess } from './peer-identity'

/**
 * Checks a socket request's claimed directory against the caller's real working directory: it must
 * be that directory or one below it, compared as real paths (both resolved with realpath, so a
 * symlinked checkout matches and a symlink pointing elsewhere does not). Claude Code runs the helper
 * in its own working directory and the helper sends process.cwd(); `keyward exec` and `env` send
 * theirs, so honest callers always pass. Throws NOT_ALLOWED saying both directories and what to do.
 * Returns the peer's real working directory.
 */
export async function checkClaimedDirectory(claimed: string, peer: PeerIdentity): Promise<string> {
  const who = describeProcess(peer)
  if (peer.pid === 0) {
    throw new KeywardError('NOT_ALLOWED', `Keyward could not identify the process that asked for a key for ${claimed} (the OS gave no peer credentials for its connection), so it is refused; run keyward doctor, or restart the Keyward app or daemon`)
  }
  if (peer.cwd === null) {
    throw new KeywardError('NOT_ALLOWED', `Keyward could not read the working directory of ${who}, which asked for a key for ${claimed}; run the tool again from that directory (keyward helper and keyward exec send their own)`)
  }
  const real = await realpath(peer.cwd).catch(() => null)
  if (real === null) {
    throw new KeywardError('NOT_ALLOWED', `the working directory of ${who} (${peer.cwd}) no longer exists, so its request for ${claimed} is refused; cd into the project and run the tool again`)
  }
  const claimedReal = await realpath(claimed).catch(() => resolve(claimed))
  if (claimedReal === real || claimedReal.startsWith(real.endsWith(sep) ? real : real + sep)) return real
  throw new KeywardError(
    'NOT_ALLOWED',
    `${who} asked for the key of ${claimed}, but its real working directory is ${real}; a caller may only ask for its own directory or one below it. Run the tool from ${claimed} (cd ${claimed}), or ask for a key for ${real}`,
  )
}
