import { lstatSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { writeFileAtomic } from './atomic-write'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kw-atomic-'))
})
afterEach(() => {
  vi.restoreAllMocks()
  rmSync(dir, { recursive: true, force: true })
})

describe('writeFileAtomic', () => {
  it('replaces the file whole, 0600, and leaves no temp file behind', async () => {
    writeFileSync(join(dir, 'state.json'), 'old')
    await writeFileAtomic(join(dir, 'state.json'), 'new')
    expect(readFileSync(join(dir, 'state.json'), 'utf8')).toBe('new')
    expect(lstatSync(join(dir, 'state.json')).mode & 0o777).toBe(0o600)
    expect(readdirSync(dir)).toEqual(['state.json'])
  })

  it('replaces a link at the target instead of writing through it', async () => {
    writeFileSync(join(dir, 'elsewhere'), 'untouched')
    symlinkSync(join(dir, 'elsewhere'), join(dir, 'state.json'))
    await writeFileAtomic(join(dir, 'state.json'), 'new')
    expect(readFileSync(join(dir, 'elsewhere'), 'utf8')).toBe('untouched')
    expect(lstatSync(join(dir, 'state.json')).isFile()).toBe(true)
  })

  it('never opens a temp name that is already taken (a planted file stays as it was); it takes another', async () => {
    const random = vi.spyOn(Math, 'random').mockReturnValueOnce(0.5).mockReturnValue(0.25)
    const taken = join(dir, `.state.json.${process.pid}.${(0.5).toString(36).slice(2, 12).padEnd(10, '0')}.tmp`)
    writeFileSync(taken, 'planted')
    await writeFileAtomic(join(dir, 'state.json'), 'new')
    expect(random).toHaveBeenCalledTimes(2)
    expect(readFileSync(taken, 'utf8')).toBe('planted')
    expect(readFileSync(join(dir, 'state.json'), 'utf8')).toBe('new')
  })
})
