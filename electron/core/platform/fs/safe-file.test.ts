import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { APPEND_NOFOLLOW, describeFileType, isUnsafeFileError, lstatOrNull, openNoFollow, openToOthers, ownedByUser, ownedByUserOrRoot, readFileNoFollow, readStatedFileNoFollow } from './safe-file'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'keyward-safe-file-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(isUnsafeFileError(error)).toBe(true)
  return (error as { reason: string }).reason
}

describe('readFileNoFollow', () => {
  it('reads a regular file and answers null for a missing one', async () => {
    writeFileSync(join(dir, 'a.json'), '{"profile":"a"}')
    expect((await readFileNoFollow(join(dir, 'a.json'), 1024))?.toString()).toBe('{"profile":"a"}')
    expect(await readFileNoFollow(join(dir, 'missing.json'), 1024)).toBeNull()
    expect(await readFileNoFollow(join(dir, 'a.json', 'below'), 1024)).toBeNull()
  })

  it('refuses a symlink, also to a regular file, also a dangling one', async () => {
    writeFileSync(join(dir, 'target'), 'x')
    symlinkSync(join(dir, 'target'), join(dir, 'link'))
    symlinkSync(join(dir, 'nowhere'), join(dir, 'dangling'))
    expect(await refusal(readFileNoFollow(join(dir, 'link'), 1024))).toBe('symlink')
    expect(await refusal(readFileNoFollow(join(dir, 'dangling'), 1024))).toBe('symlink')
  })

  it('refuses /dev/zero behind a link and as itself without reading it', async () => {
    symlinkSync('/dev/zero', join(dir, 'zero'))
    expect(await refusal(readFileNoFollow(join(dir, 'zero'), 1024))).toBe('symlink')
    expect(await refusal(readFileNoFollow('/dev/zero', 1024))).toBe('not-regular')
  })

  it('refuses a FIFO without blocking on it', async () => {
    execFileSync('mkfifo', [join(dir, 'fifo')])
    expect(await refusal(readFileNoFollow(join(dir, 'fifo'), 1024))).toBe('not-regular')
  })

  it('refuses a directory and a file over the cap', async () => {
    expect(await refusal(readFileNoFollow(dir, 1024))).toBe('not-regular')
    writeFileSync(join(dir, 'big'), Buffer.alloc(2048, 0x20))
    expect(await refusal(readFileNoFollow(join(dir, 'big'), 1024))).toBe('too-large')
  })

  it('names the path in the message', async () => {
    symlinkSync('/etc/passwd', join(dir, 'link'))
    await expect(readFileNoFollow(join(dir, 'link'), 1024)).rejects.toThrow(`${join(dir, 'link')} is a symbolic link`)
  })
})

describe('openNoFollow', () => {
  it('appends through no link: the target stays untouched', async () => {
    writeFileSync(join(dir, 'victim'), 'original')
    symlinkSync(join(dir, 'victim'), join(dir, 'audit.jsonl'))
    expect(await refusal(openNoFollow(join(dir, 'audit.jsonl'), APPEND_NOFOLLOW))).toBe('symlink')
    expect((await readFileNoFollow(join(dir, 'victim'), 100))?.toString()).toBe('original')
  })
})

describe('ownedByUserOrRoot', () => {
  it('accepts the user and root, refuses anyone else', () => {
    expect(ownedByUserOrRoot({ uid: 1000 }, 1000)).toBe(true)
    expect(ownedByUserOrRoot({ uid: 0 }, 1000)).toBe(true)
    expect(ownedByUserOrRoot({ uid: 1001 }, 1000)).toBe(false)
  })
})

describe('readStatedFileNoFollow', () => {
  it('returns the bytes with the stats of the file they came from, and refuses what readFileNoFollow refuses', async () => {
    writeFileSync(join(dir, 'a.json'), '{}')
    const read = await readStatedFileNoFollow(join(dir, 'a.json'), 100)
    expect(read?.bytes.toString()).toBe('{}')
    expect(read?.stats.isFile()).toBe(true)
    expect(read?.stats.uid).toBe(process.getuid?.() ?? 0)
    symlinkSync(join(dir, 'a.json'), join(dir, 'link'))
    expect(await refusal(readStatedFileNoFollow(join(dir, 'link'), 100))).toBe('symlink')
  })
})

describe('ownership and mode helpers', () => {
  it('ownedByUser accepts only the user (root only when it is the user)', () => {
    expect(ownedByUser({ uid: 1000 }, 1000)).toBe(true)
    expect(ownedByUser({ uid: 0 }, 1000)).toBe(false)
    expect(ownedByUser({ uid: 0 }, 0)).toBe(true)
  })

  it('openToOthers is world-writable without the sticky bit', () => {
    expect(openToOthers({ mode: 0o40777 })).toBe(true)
    expect(openToOthers({ mode: 0o41777 })).toBe(false) // /tmp
    expect(openToOthers({ mode: 0o40775 })).toBe(false) // group-writable: user-private groups
    expect(openToOthers({ mode: 0o40755 })).toBe(false)
  })

  it('lstatOrNull describes a link without following it, and answers null for nothing', async () => {
    symlinkSync('/dev/zero', join(dir, 'zero'))
    const stats = await lstatOrNull(join(dir, 'zero'))
    expect(stats && describeFileType(stats)).toBe('a symbolic link')
    expect(await lstatOrNull(join(dir, 'missing'))).toBeNull()
    writeFileSync(join(dir, 'file'), '')
    expect(await lstatOrNull(join(dir, 'file', 'below'))).toBeNull()
  })
})
