import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { skipBecause } from '../../../../test/support/skip'
import { type SettingsTarget, readApiKeyHelper, setupApiKeyHelper, undoApiKeyHelper } from './claude-settings'
import { backupPathFor } from './settings-backup'

let dir: string
let file: string
let target: SettingsTarget
/** The backup record of `file` in the data directory. */
const backup = () => backupPathFor(target.dataDir, file)
beforeEach(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'kw-claude-')))
  mkdirSync(join(dir, 'project'))
  file = join(dir, 'project', '.claude', 'settings.json')
  target = { base: join(dir, 'project'), dataDir: join(dir, 'data') }
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const ORIGINAL = `{
  "model": "opus",
  "permissions": { "allow": ["Bash(ls)"] },
  "apiKeyHelper": "old-helper",
  "env": { "FOO": "1" },
  "zeta": true
}
`

function seed(text: string) {
  mkdirSync(join(dir, 'project', '.claude'), { recursive: true })
  writeFileSync(file, text)
}

describe('Claude Code settings writer', () => {
  it('sets apiKeyHelper in place, keeps every other key and their order, 2-space JSON', async () => {
    seed(ORIGINAL)
    const result = await setupApiKeyHelper(target, '/opt/keyward/bin/keyward helper')
    expect(result).toMatchObject({ file, created: false, previousHelper: 'old-helper', backup: backup() })
    const text = readFileSync(file, 'utf8')
    expect(Object.keys(JSON.parse(text))).toEqual(['model', 'permissions', 'apiKeyHelper', 'env', 'zeta'])
    expect(JSON.parse(text)).toEqual({ model: 'opus', permissions: { allow: ['Bash(ls)'] }, apiKeyHelper: '/opt/keyward/bin/keyward helper', env: { FOO: '1' }, zeta: true })
    expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`)
    expect(JSON.parse(readFileSync(backup(), 'utf8'))).toMatchObject({ version: 1, file, existed: true, content: ORIGINAL })
    // Nothing beside the settings file: the backup lives in Keyward's data directory only.
    expect(readdirSync(join(dir, 'project', '.claude'))).toEqual(['settings.json'])
  })

  it('adds the TTL under env, keeping the other env entries', async () => {
    seed(ORIGINAL)
    await setupApiKeyHelper(target, 'k helper', 60_000)
    expect(JSON.parse(readFileSync(file, 'utf8')).env).toEqual({ FOO: '1', CLAUDE_CODE_API_KEY_HELPER_TTL_MS: '60000' })
    expect(await readApiKeyHelper(file)).toEqual({ helper: 'k helper', ttl: '60000' })
  })

  it('--undo restores the original byte for byte, even after two setups', async () => {
    seed(ORIGINAL)
    await setupApiKeyHelper(target, 'first helper')
    await setupApiKeyHelper(target, 'second helper', 5)
    expect(await undoApiKeyHelper(target)).toEqual({ file, action: 'restored' })
    expect(readFileSync(file, 'utf8')).toBe(ORIGINAL)
    expect(existsSync(backup())).toBe(false)
    await expect(undoApiKeyHelper(target)).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('creates the file (and .claude) when there was none, and --undo removes it', async () => {
    const result = await setupApiKeyHelper(target, 'k helper')
    expect(result).toMatchObject({ created: true, backup: backup() })
    expect(JSON.parse(readFileSync(backup(), 'utf8'))).toMatchObject({ existed: false, content: null })
    expect(readFileSync(file, 'utf8')).toBe('{\n  "apiKeyHelper": "k helper"\n}\n')
    expect(await undoApiKeyHelper(target)).toEqual({ file, action: 'removed' })
    expect(existsSync(file)).toBe(false)
    expect(existsSync(backup())).toBe(false)
  })

  it('refuses invalid JSON with the file and line, and changes nothing', async () => {
    const broken = '{\n  "model": "opus",\n  "env": { "A": 1 }\n  "oops": true\n}\n'
    seed(broken)
    await expect(setupApiKeyHelper(target, 'k helper')).rejects.toMatchObject({
      code: 'CONFIG_CORRUPT',
      message: expect.stringMatching(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not valid JSON \\(line 4, column \\d+`)),
    })
    expect(readFileSync(file, 'utf8')).toBe(broken)
    expect(existsSync(join(dir, 'data'))).toBe(false)
  })

  it('refuses a file that is JSON but not an object, and an env that is not an object', async () => {
    seed('[1, 2]\n')
    await expect(setupApiKeyHelper(target, 'k')).rejects.toMatchObject({ code: 'CONFIG_CORRUPT', message: expect.stringMatching(/does not hold a JSON object/) })
    seed('{"env": "nope"}')
    await expect(setupApiKeyHelper(target, 'k', 5)).rejects.toMatchObject({ code: 'CONFIG_CORRUPT', message: expect.stringMatching(/"env" in .* is not an object/) })
    expect(readFileSync(file, 'utf8')).toBe('{"env": "nope"}')
  })

  it('refuses bytes that are not UTF-8 (they could not be restored exactly), and a BOM as not JSON', async () => {
    mkdirSync(join(dir, 'project', '.claude'), { recursive: true })
    writeFileSync(file, Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]))
    await expect(setupApiKeyHelper(target, 'k')).rejects.toMatchObject({ code: 'CONFIG_CORRUPT', message: expect.stringMatching(/settings\.json is not UTF-8 text/) })
    writeFileSync(file, '\uFEFF{}')
    await expect(setupApiKeyHelper(target, 'k')).rejects.toMatchObject({ code: 'CONFIG_CORRUPT', message: expect.stringMatching(/is not valid JSON/) })
    expect(existsSync(join(dir, 'data'))).toBe(false)
  })

  it('reports a truncated file at its end', async () => {
    seed('{\n  "model": "opus",\n')
    await expect(setupApiKeyHelper(target, 'k')).rejects.toMatchObject({ message: expect.stringMatching(/line \d+/) })
  })

  it('reads an unreadable file as an error, not as "no file"', async (context) => {
    if (process.getuid?.() === 0) skipBecause(context, 'running as root, which reads a file whatever its mode')
    seed(ORIGINAL)
    chmodSync(file, 0)
    await expect(setupApiKeyHelper(target, 'k')).rejects.toMatchObject({ code: 'INTERNAL' })
  })
})
