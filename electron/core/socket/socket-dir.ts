import { chmodSync, lstatSync, mkdirSync } from 'node:fs'
import { KeywardError } from '../../../shared/errors'

/**
 * Makes the socket's directory private: creates it 0700, or checks an existing one is a real
 * directory owned by this user and tightens its mode. The directory, not the socket's own mode,
 * is what keeps other users out on every platform (some kernels ignore a socket file's mode).
 */
export function preparePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const stat = lstatSync(dir)
  if (!stat.isDirectory()) throw new KeywardError('CONFLICT', `${dir} should be Keyward's socket directory but is not a directory; remove it and start again`)
  const uid = process.getuid?.()
  if (uid !== undefined && stat.uid !== uid) {
    throw new KeywardError('CONFLICT', `${dir} belongs to another user (uid ${stat.uid}); Keyward will not serve keys from it; remove it and start again`)
  }
  if ((stat.mode & 0o077) !== 0) chmodSync(dir, 0o700)
}
