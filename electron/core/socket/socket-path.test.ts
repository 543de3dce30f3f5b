import { describe, expect, it } from 'vitest'
import { dataDirTag, socketLocation } from './socket-path'

describe('socketLocation', () => {
  it('puts the socket under <dataDir>/run when the path fits sun_path', () => {
    expect(socketLocation('/home/me/.config/keyward', {}, 'linux')).toEqual({ path: '/home/me/.config/keyward/run/keyward.sock', dir: '/home/me/.config/keyward/run', kind: 'data' })
  })

  it('falls back to $XDG_RUNTIME_DIR, then the tmp dir, when the path is too long', () => {
    const long = `/home/me/${'deep/'.repeat(30)}keyward`
    const runtime = socketLocation(long, { XDG_RUNTIME_DIR: '/run/user/1000' }, 'linux')
    expect(runtime).toEqual({ path: `/run/user/1000/keyward-${dataDirTag(long)}/keyward.sock`, dir: `/run/user/1000/keyward-${dataDirTag(long)}`, kind: 'runtime' })
    expect(socketLocation(long, {}, 'linux').kind).toBe('tmp')
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
