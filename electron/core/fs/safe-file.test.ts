import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { APPEND_NOFOLLOW, isUnsafeFileError, openNoFollow, ownedByUserOrRoot, readFileNoFollow } from './safe-file'

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
