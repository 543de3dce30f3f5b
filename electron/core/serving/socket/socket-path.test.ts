import { mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { prepareSocketDir } from './socket-dir'
import { TMP_SOCKET_DIR_FILE, dataDirTag, recordedTmpSocketDir, socketLocation, tmpSocketDirPrefix } from './socket-path'

describe('socketLocation', () => {
  it('puts the socket under <dataDir>/run when the path fits sun_path', () => {
    expect(socketLocation('/home/me/.config/keyward', {}, 'linux')).toEqual({ path: '/home/me/.config/keyward/run/keyward.sock', dir: '/home/me/.config/keyward/run', kind: 'data' })
  })

  it('falls back to $XDG_RUNTIME_DIR, then the tmp dir, when the path is too long', () => {
    const long = `/home/me/${'deep/'.repeat(30)}keyward`
    const runtime = socketLocation(long, { XDG_RUNTIME_DIR: '/run/user/1000' }, 'linux')
    expect(runtime).toEqual({ path: `/run/user/1000/keyward-${dataDirTag(long)}/keyward.sock`, dir: `/run/user/1000/keyward-${dataDirTag(long)}`, kind: 'runtime' })
    // No server has recorded a tmp directory for this (made-up) data dir: nothing to connect to.
    expect(socketLocation(long, {}, 'linux')).toEqual({ path: '', dir: null, kind: 'tmp' })
  })

  it('uses a smaller limit on macOS', () => {
    const dir = `/Users/me/${'x'.repeat(78)}`
    expect(socketLocation(dir, {}, 'linux').kind).toBe('data')
    expect(socketLocation(dir, {}, 'darwin').kind).toBe('tmp')
  })

  it('uses a per-user named pipe on Windows', () => {
    const location = socketLocation('C:\\Users\\me\\AppData\\Roaming\\Keyward', {}, 'win32')
    expect(location.kind).toBe('pipe')
    expect(location.path).toMatch(/^\\\\\.\\pipe\\keyward-[A-Za-z0-9._-]+-[0-9a-f]{8}$/)
  })
})

describe('the tmp fallback', () => {
  let dataDir: string
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'kw-tmp-fallback-'))
  })
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }))
  const longDataDir = () => join(dataDir, 'x'.repeat(110))

  it('has no socket until a server records a random directory, which server and client then both find', async () => {
    const home = longDataDir()
    mkdirSync(home, { mode: 0o700 })
    expect(socketLocation(home, {}, 'linux')).toEqual({ path: '', dir: null, kind: 'tmp' })
    const claimed = await prepareSocketDir(home, socketLocation(home, {}, 'linux'))
    try {
      expect(claimed.dir).toMatch(new RegExp(`^${tmpSocketDirPrefix()}[A-Za-z0-9]{6}$`))
      // Not derived from anything another user can see: not the uid, not the data dir's tag.
      expect(claimed.dir).not.toContain(dataDirTag(home))
      expect(statSync(claimed.dir!).mode & 0o777).toBe(0o700)
      expect(statSync(join(home, TMP_SOCKET_DIR_FILE)).mode & 0o777).toBe(0o600)
      expect(socketLocation(home, {}, 'linux')).toEqual(claimed)
      // Kept while it stays ours and private.
      expect(await prepareSocketDir(home, socketLocation(home, {}, 'linux'))).toEqual(claimed)
    } finally {
      rmSync(claimed.dir!, { recursive: true, force: true })
    }
    // Gone (tmp cleaned at boot): a new random name, never the old one recreated.
    const again = await prepareSocketDir(home, socketLocation(home, {}, 'linux'))
    rmSync(again.dir!, { recursive: true, force: true })
    expect(again.dir).not.toBe(claimed.dir)
  })

  it('ignores a record that is a link or not one absolute path', () => {
    const home = longDataDir()
    mkdirSync(home, { mode: 0o700 })
    writeFileSync(join(dataDir, 'elsewhere'), '/tmp/keyward-attacker\n')
    symlinkSync(join(dataDir, 'elsewhere'), join(home, TMP_SOCKET_DIR_FILE))
    expect(recordedTmpSocketDir(home, 'linux')).toBeNull()
    rmSync(join(home, TMP_SOCKET_DIR_FILE))
    writeFileSync(join(home, TMP_SOCKET_DIR_FILE), 'relative/dir\n', { mode: 0o600 })
    expect(recordedTmpSocketDir(home, 'linux')).toBeNull()
    writeFileSync(join(home, TMP_SOCKET_DIR_FILE), `/tmp/${'y'.repeat(200)}\n`, { mode: 0o600 })
    expect(recordedTmpSocketDir(home, 'linux')).toBeNull()
  })
})
