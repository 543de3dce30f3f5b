import { chmodSync, chownSync, lchownSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ensurePrivateDir, inspectPrivateDir } from './private-dir'

/** A uid that is not ours; chown to it needs root. */
const OTHER_UID = 4242
const isRoot = process.getuid?.() === 0
if (!isRoot) process.stdout.write(`SKIPPED: private-dir tests with another user's directory: not root (uid ${process.getuid?.()}), so nothing can be chowned to another uid\n`)

let root: string
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'keyward-private-dir-'))
})
afterEach(() => rmSync(root, { recursive: true, force: true }))

const mode = (path: string) => statSync(path).mode & 0o7777
const refusal = (dir: string): string => {
  try {
    ensurePrivateDir(dir, { role: 'the test directory', warn: () => {} })
  } catch (error) {
    expect(error).toMatchObject({ code: 'CONFLICT' })
    return (error as Error).message
  }
  throw new Error(`${dir} was accepted`)
}

describe('ensurePrivateDir', () => {
  it('creates a missing directory 0700, or answers false when asked not to create', () => {
    const dir = join(root, 'a', 'b')
    expect(ensurePrivateDir(dir, { create: false })).toBe(false)
    expect(ensurePrivateDir(dir)).toBe(true)
    expect(mode(dir)).toBe(0o700)
  })

  it('tightens a directory of ours that is open to others to 0700, warning once', () => {
    const dir = join(root, 'open')
    mkdirSync(dir)
    chmodSync(dir, 0o777)
    writeFileSync(join(dir, 'config.json'), '{}', { mode: 0o600 })
    const warnings: string[] = []
    expect(ensurePrivateDir(dir, { role: 'the data dir', warn: (w) => warnings.push(w) })).toBe(true)
    expect(mode(dir)).toBe(0o700)
    chmodSync(dir, 0o755)
    ensurePrivateDir(dir, { role: 'the data dir', warn: (w) => warnings.push(w) })
    expect(mode(dir)).toBe(0o700)
    expect(warnings).toEqual([`keyward: the data dir ${dir} is open to other users (mode 0777); Keyward made it private (0700)`])
    expect(mode(join(dir, 'config.json'))).toBe(0o600)
  })

  it('refuses a file, a dangling link, and a link to a file where the directory should be', () => {
    writeFileSync(join(root, 'file'), 'x')
    symlinkSync(join(root, 'nowhere'), join(root, 'dangling'))
    symlinkSync(join(root, 'file'), join(root, 'to-file'))
    expect(refusal(join(root, 'file'))).toContain('is not a directory')
    expect(refusal(join(root, 'dangling'))).toContain('symbolic link to nothing')
    expect(refusal(join(root, 'to-file'))).toContain('is not a directory')
  })

  it('accepts a link to a directory of ours and tightens the target, not the link', () => {
    const target = join(root, 'real')
    mkdirSync(target, { mode: 0o750 })
    chmodSync(target, 0o750)
    symlinkSync(target, join(root, 'link'))
    expect(ensurePrivateDir(join(root, 'link'), { warn: () => {} })).toBe(true)
    expect(mode(target)).toBe(0o700)
  })

  it('refuses a directory whose parent other users may write (not sticky), and accepts a sticky one like /tmp', () => {
    const open = join(root, 'shared')
    mkdirSync(join(open, 'home'), { recursive: true, mode: 0o700 })
    chmodSync(open, 0o777)
    const message = refusal(join(open, 'home'))
    expect(message).toContain(`inside ${open}, which other users may write (mode 0777, not sticky)`)
    expect(message).toContain(`run: chmod go-w ${open}`)
    chmodSync(open, 0o1777)
    expect(ensurePrivateDir(join(open, 'home'))).toBe(true)
    // The check changes nothing it refuses.
    chmodSync(open, 0o777)
    chmodSync(join(open, 'home'), 0o755)
    refusal(join(open, 'home'))
    expect(mode(join(open, 'home'))).toBe(0o755)
  })

  it('refuses a directory with a 0777 non-sticky directory anywhere above it, also above a link to it', () => {
    const open = join(root, 'open-grandparent')
    mkdirSync(join(open, 'mine', 'home'), { recursive: true, mode: 0o700 })
    chmodSync(open, 0o777)
    expect(refusal(join(open, 'mine', 'home'))).toContain(`inside ${open}, which other users may write (mode 0777, not sticky)`)
    // Reached through a link from a safe place: the real path's ancestors are checked too.
    symlinkSync(join(open, 'mine', 'home'), join(root, 'safe-link'))
    expect(refusal(join(root, 'safe-link'))).toContain(`inside ${open}`)
  })

  it.skipIf(!isRoot)("refuses another user's directory, a link to one, and a directory in another user's parent, and changes none", () => {
    const theirs = join(root, 'theirs')
    mkdirSync(theirs, { mode: 0o777 })
    chmodSync(theirs, 0o777)
    chownSync(theirs, OTHER_UID, OTHER_UID)
    expect(refusal(theirs)).toContain(`belongs to another user (uid ${OTHER_UID})`)
    expect(mode(theirs)).toBe(0o777)
    symlinkSync(theirs, join(root, 'link-to-theirs'))
    expect(refusal(join(root, 'link-to-theirs'))).toContain(`belongs to another user (uid ${OTHER_UID})`)
    const inTheirs = join(root, 'their-parent', 'mine')
    mkdirSync(inTheirs, { recursive: true, mode: 0o700 })
    chownSync(join(root, 'their-parent'), OTHER_UID, OTHER_UID)
    chmodSync(join(root, 'their-parent'), 0o755)
    expect(refusal(inTheirs)).toContain(`which belongs to another user (uid ${OTHER_UID}) who could replace it`)
    const theirLink = join(root, 'their-link')
    mkdirSync(join(root, 'mine'), { mode: 0o700 })
    symlinkSync(join(root, 'mine'), theirLink)
    lchownSync(theirLink, OTHER_UID, OTHER_UID)
    expect(refusal(theirLink)).toContain(`is a symbolic link that belongs to another user (uid ${OTHER_UID})`)
  })
})

describe('inspectPrivateDir', () => {
  it('reports without changing anything: missing, too open, fine', () => {
    const dir = join(root, 'd')
    expect(inspectPrivateDir(dir, 'the dir')?.kind).toBe('missing')
    mkdirSync(dir)
    chmodSync(dir, 0o777)
    expect(inspectPrivateDir(dir, 'the dir')).toMatchObject({ kind: 'too-open' })
    expect(mode(dir)).toBe(0o777)
    chmodSync(dir, 0o700)
    expect(inspectPrivateDir(dir, 'the dir')).toBeNull()
  })
})
