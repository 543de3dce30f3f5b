import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { dropLegacyCache } from './legacy-cache'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'keyward-legacy-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('the old usage cache', () => {
  it('is removed without being read, and counted per org', () => {
    for (const org of ['org_a', 'org_b']) {
      mkdirSync(join(dir, 'usage', org), { recursive: true })
      writeFileSync(join(dir, 'usage', org, 'manifest.json'), '{"version":2}')
      writeFileSync(join(dir, 'usage', org, 'seg-daily-1-ab.kwseg'), 'KWSEG')
    }
    expect(dropLegacyCache(dir)).toBe(2)
    expect(existsSync(join(dir, 'usage'))).toBe(false)
    expect(dropLegacyCache(dir)).toBe(0)
  })

  it('removes links as links, never what they point to', () => {
    const victim = join(dir, 'victim')
    mkdirSync(victim)
    writeFileSync(join(victim, 'precious'), 'keep')
    mkdirSync(join(dir, 'usage', 'org_a'), { recursive: true })
    writeFileSync(join(dir, 'usage', 'org_a', 'manifest.json'), '{}')
    symlinkSync(join(victim, 'precious'), join(dir, 'usage', 'org_a', 'seg-x.kwseg'))
    symlinkSync(victim, join(dir, 'usage', 'org_b'))
    expect(dropLegacyCache(dir)).toBe(1)
    expect(readFileSync(join(victim, 'precious'), 'utf8')).toBe('keep')
    expect(existsSync(join(dir, 'usage'))).toBe(false)
  })

  it('removes the old Claude Code report files, without following a link in their place', () => {
    const victim = join(dir, 'victim')
    mkdirSync(victim)
    writeFileSync(join(victim, 'precious'), 'keep')
    mkdirSync(join(dir, 'claude-code'))
    writeFileSync(join(dir, 'claude-code', '6f72675f61.json'), '{"version":1,"days":[]}')
    symlinkSync(join(victim, 'precious'), join(dir, 'claude-code', '6f72675f62.json'))
    expect(dropLegacyCache(dir)).toBe(0)
    expect(existsSync(join(dir, 'claude-code'))).toBe(false)
    symlinkSync(victim, join(dir, 'claude-code'))
    dropLegacyCache(dir)
    expect(existsSync(join(dir, 'claude-code'))).toBe(false)
    expect(readFileSync(join(victim, 'precious'), 'utf8')).toBe('keep')
  })
})
