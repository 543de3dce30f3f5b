import { chmodSync, lstatSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { compileCacheDir, isPrivateCacheDir } from './compile-cache'

const unix = process.platform !== 'win32'
const uid = process.getuid?.() ?? 0
let root: string
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'kw-cc-'))
  chmodSync(root, 0o700)
})
afterEach(() => rmSync(root, { recursive: true, force: true }))

describe('compileCacheDir', () => {
  it('is under XDG_CACHE_HOME when it is absolute, else ~/.cache; none on Windows', () => {
    expect(compileCacheDir({ XDG_CACHE_HOME: '/x/cache' }, 'linux', () => '/home/u')).toBe('/x/cache/keyward-compile-cache')
    expect(compileCacheDir({ XDG_CACHE_HOME: 'relative' }, 'linux', () => '/home/u')).toBe('/home/u/.cache/keyward-compile-cache')
    expect(compileCacheDir({}, 'darwin', () => '/Users/u')).toBe('/Users/u/.cache/keyward-compile-cache')
    expect(compileCacheDir({}, 'win32', () => 'C:\\Users\\u')).toBeNull()
  })
})

describe.runIf(unix)('isPrivateCacheDir: compiled code only in a directory that is this user’s alone', () => {
  it('creates the directory and a missing parent 0700, and accepts them', () => {
    const dir = join(root, '.cache', 'keyward-compile-cache')
    expect(isPrivateCacheDir(dir, uid)).toBe(true)
    expect(lstatSync(dir).mode & 0o777).toBe(0o700)
    expect(lstatSync(join(root, '.cache')).mode & 0o777).toBe(0o700)
  })

  it('refuses a link in its place, even to a private directory', () => {
    mkdirSync(join(root, 'real'), { mode: 0o700 })
    symlinkSync(join(root, 'real'), join(root, 'keyward-compile-cache'))
    expect(isPrivateCacheDir(join(root, 'keyward-compile-cache'), uid)).toBe(false)
  })

  it.each([0o755, 0o770, 0o707, 0o701])('refuses a directory others may use (mode %o)', (mode) => {
    mkdirSync(join(root, 'keyward-compile-cache'))
    chmodSync(join(root, 'keyward-compile-cache'), mode)
    expect(isPrivateCacheDir(join(root, 'keyward-compile-cache'), uid)).toBe(false)
  })

  it('refuses a parent others may write (the directory could be swapped after the check)', () => {
    chmodSync(root, 0o777)
    expect(isPrivateCacheDir(join(root, 'keyward-compile-cache'), uid)).toBe(false)
  })

  it('refuses a directory owned by another user', () => {
    mkdirSync(join(root, 'keyward-compile-cache'), { mode: 0o700 })
    expect(isPrivateCacheDir(join(root, 'keyward-compile-cache'), uid + 1)).toBe(false)
  })
})
