import { tmpdir, userInfo } from 'node:os'
import { isAbsolute, join } from 'node:path'
import { readStateFileSync } from '../../platform/fs/safe-file'

/** Where the key socket lives and why there, so `keyward doctor` can explain a fallback. */
export interface SocketLocation {
  /** What to listen on / connect to: a file path, or a named pipe on Windows. */
  readonly path: string
  /**
   * The 0700 directory that holds the socket file; null for a Windows named pipe, and for a tmp
   * fallback no server has claimed yet (then `path` is empty and nothing listens).
   */
  readonly dir: string | null
  /** `data`: `<dataDir>/run`; `runtime`/`tmp`: fallbacks when that path is too long for sun_path; `pipe`: Windows. */
  readonly kind: 'data' | 'runtime' | 'tmp' | 'pipe'
}

/**
 * The longest socket path the kernel accepts, in bytes without the trailing NUL: `sun_path` is
 * 108 bytes on Linux and 104 on macOS and the BSDs.
 */
export function maxSocketPathBytes(platform: NodeJS.Platform = process.platform): number {
  return platform === 'linux' || platform === 'android' ? 107 : 103
}

/** A short, stable tag for a data directory (FNV-1a), so two data dirs never share a fallback socket. */
export function dataDirTag(dataDir: string): string {
  let hash = 0x811c9dc5
  for (let i = 0; i < dataDir.length; i++) {
    hash ^= dataDir.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash.toString(16).padStart(8, '0')
}

/**
 * Where the socket for `dataDir` lives. Server and client both call this, so it must depend only
 * on its inputs (and, for the tmp fallback, the directory recorded in the data dir). The helper
 * imports it on its fast path: keep it free of heavy modules.
 */
export function socketLocation(dataDir: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): SocketLocation {
  if (platform === 'win32') {
    // Named pipes live in one flat namespace: the user name keeps users apart, the tag keeps test homes apart.
    return { path: `\\\\.\\pipe\\keyward-${safeUserName()}-${dataDirTag(dataDir)}`, dir: null, kind: 'pipe' }
  }
  const dir = join(dataDir, 'run')
  const path = join(dir, 'keyward.sock')
  if (Buffer.byteLength(path) <= maxSocketPathBytes(platform)) return { path, dir, kind: 'data' }
  const tag = dataDirTag(dataDir)
  if (env.XDG_RUNTIME_DIR) {
    const runtimeDir = join(env.XDG_RUNTIME_DIR, `keyward-${tag}`)
    return { path: join(runtimeDir, 'keyward.sock'), dir: runtimeDir, kind: 'runtime' }
  }
  // The tmp dir is shared with other users, so its name must not be guessable (else another user
  // could create it first): the server makes a random one with mkdtemp and records it in the data dir.
  const tmpDir = recordedTmpSocketDir(dataDir, platform)
  return tmpDir === null ? { path: '', dir: null, kind: 'tmp' } : { path: join(tmpDir, 'keyward.sock'), dir: tmpDir, kind: 'tmp' }
}

/** The file in the data dir (0600) that names the tmp fallback's random directory. */
export const TMP_SOCKET_DIR_FILE = 'socket-dir'

/** The prefix mkdtemp gets for the tmp fallback; six random characters follow. */
export function tmpSocketDirPrefix(): string {
  return join(tmpdir(), 'keyward-')
}

/**
 * The tmp fallback directory recorded in `<dataDir>/socket-dir`, or null when none is (or the
 * record is unusable: a link, another user's file, not one absolute path short enough for sun_path).
 * The directory itself is checked by whoever uses it (private-dir.ts).
 */
export function recordedTmpSocketDir(dataDir: string, platform: NodeJS.Platform = process.platform): string | null {
  let text: string | null
  try {
    text = readStateFileSync(join(dataDir, TMP_SOCKET_DIR_FILE), 4096)
  } catch {
    return null
  }
  const dir = text?.trim() ?? ''
  if (!isAbsolute(dir) || /[\r\n\0]/.test(dir) || Buffer.byteLength(join(dir, 'keyward.sock')) > maxSocketPathBytes(platform)) return null
  return dir
}

function safeUserName(): string {
  try {
    return userInfo().username.replace(/[^A-Za-z0-9._-]/g, '_') || 'user'
  } catch {
    return 'user'
  }
}
