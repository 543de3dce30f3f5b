import { resolve, sep } from 'node:path'
import { KeywardError } from '../../../../shared/keyward-error'
import { currentUid, ownedByUserOrRoot } from '../../platform/fs/safe-file'
import { singleFlight } from '../../platform/single-flight'
import { realpathNativeAsync } from '../../platform/fs/fs-async'
import { type PeerIdentity, describeProcess } from './peer-identity'

/**
 * Checks a socket request's claimed directory against the caller's real working directory: it must
 * be that directory or one below it, compared as real paths (both resolved with realpath, so a
 * symlinked checkout matches and a symlink pointing elsewhere does not). Claude Code runs the helper
 * in its own working directory and the helper sends process.cwd(); `keyward exec` and `env` send
 * theirs, so honest callers always pass. Throws NOT_ALLOWED saying both directories and what to do.
 * A caller running as another user (not root) is refused too. Returns the peer's real working directory,
 * and the claimed directory's real path when that is an existing directory (so the resolver that runs next
 * need not ask the file system again), else null.
 */
export async function checkClaimedDirectory(claimed: string, peer: PeerIdentity, uid: number | undefined = currentUid()): Promise<CheckedDirectory> {
  const who = describeProcess(peer)
  if (peer.pid === 0) {
    throw new KeywardError(
      'NOT_ALLOWED',
      `Keyward could not identify the process that asked for a key for ${claimed} (the OS gave no peer credentials for its connection), so it is refused; run keyward doctor, or restart the Keyward app or daemon`,
    )
  }
  // The socket's directory is 0700, so only this user (or root) can connect; checked again here in
  // case a socket directory was ever reachable (a bind mount, a misconfigured runtime directory).
  if (peer.uid !== null && !ownedByUserOrRoot({ uid: peer.uid }, uid)) {
    throw new KeywardError('NOT_ALLOWED', `${who} runs as another user (uid ${peer.uid}), so its request for a key for ${claimed} is refused; Keyward serves only its own user's processes`)
  }
  if (peer.cwd === null) {
    throw new KeywardError(
      'NOT_ALLOWED',
      `Keyward could not read the working directory of ${who}, which asked for a key for ${claimed}; run the tool again from that directory (keyward helper and keyward exec send their own)`,
    )
  }
  const [real, claimedDirectory] = await realPaths(peer.cwd, claimed)
  const claimedReal = claimedDirectory ?? resolve(claimed)
  if (real === null) {
    throw new KeywardError('NOT_ALLOWED', `the working directory of ${who} (${peer.cwd}) no longer exists, so its request for ${claimed} is refused; cd into the project and run the tool again`)
  }
  if (claimedReal === real || claimedReal.startsWith(real.endsWith(sep) ? real : real + sep)) return { real, claimedDirectory }
  throw new KeywardError(
    'NOT_ALLOWED',
    `${who} asked for the key of ${claimed}, but its real working directory is ${real}; a caller may only ask for its own directory or one below it. Run the tool from ${claimed} (cd ${claimed}), or ask for a key for ${real}`,
  )
}

/** What a passed check learned: the caller's real working directory and, when it is an existing directory, the claimed one's real path. */
export interface CheckedDirectory {
  readonly real: string
  readonly claimedDirectory: string | null
}

/**
 * realpath(3) through libuv's callback API (the promise API costs about twice the main thread's time
 * per call, measured); null when it fails. Concurrent requests for one path share one call (see
 * single-flight.ts: nothing is kept once it returns, so a re-pointed symlink is seen by the next
 * request). It stays off the main thread: a directory on a hung network or FUSE mount (sshfs) must
 * not freeze the app that serves keys.
 */
const realPath = singleFlight((path) => realpathNativeAsync(path).catch(() => null))

/**
 * The caller's real working directory and the claimed directory's real path (null when it is not an
 * existing directory), on every request. The claimed path is resolved with a trailing "/.", which
 * realpath(3) accepts only for a directory: one call both resolves it and says it is a directory (a
 * file or a missing path falls back to its plain form in the caller, and the resolver then names
 * what is wrong with it). An honest caller claims its own working directory, as the kernel names it:
 * that one path is then resolved once (a directory's "/." resolves to what it does); otherwise both
 * are resolved side by side, each a round trip to libuv's thread pool.
 */
async function realPaths(cwd: string, claimed: string): Promise<[string | null, string | null]> {
  if (claimed === cwd) {
    const both = await realPath(`${claimed}${sep}.`)
    if (both !== null) return [both, both]
  }
  return Promise.all([realPath(cwd), realPath(`${claimed}${sep}.`)])
}
