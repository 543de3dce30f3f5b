import { describe, expect, it } from 'vitest'
import { AddProfileInput } from '../../../shared/contract/profiles.contract'
import { ProfileName, checkKey, keySchema, maskKey } from '../../../shared/keys.schema'
import { adminKey, apiKey } from './temp-vault.test-support'

// shared/keys.schema.ts is tested here, not beside it, because the test uses the vault's key fixtures
// (temp-vault.test-support.ts), and shared/ may import nothing outside shared/.
describe('key validation (shared/keys.schema)', () => {
  it('accepts API and Admin keys, trimming whitespace and newlines', () => {
    expect(checkKey('api', `  ${apiKey()}\r\n`)).toEqual({ ok: true, key: apiKey() })
    expect(checkKey('admin', `${adminKey()}\n`)).toEqual({ ok: true, key: adminKey() })
  })

  it('says which kind was expected and shows only the prefix of what was seen', () => {
    const admin = checkKey('api', adminKey())
    expect(admin).toEqual({ ok: false, message: expect.stringContaining('expected an API key (sk-ant-api03-…), but it starts with sk-ant-admin01-') })
    expect(!admin.ok && admin.message).toContain('--admin')
    const api = checkKey('admin', apiKey())
    expect(api).toEqual({ ok: false, message: expect.stringContaining('expected an Admin key (sk-ant-admin01-…), but it starts with sk-ant-api03-') })
    for (const result of [admin, api]) expect(JSON.stringify(result)).not.toContain('xxxxxxxx')
  })

  it('rejects other strings without echoing them', () => {
    const secretish = 'hunter2-my-github-token-ghp_abcdefghijklmnop'
    const result = checkKey('api', secretish)
    expect(result.ok).toBe(false)
    expect(JSON.stringify(result)).not.toContain('hunter2')
    expect(!result.ok && result.message).toContain('it does not start with sk-ant-')
    expect(checkKey('api', 'sk-live-abc')).toMatchObject({ ok: false, message: expect.stringContaining('starts with sk- but not with sk-ant-') })
    expect(checkKey('api', '')).toMatchObject({ ok: false, message: expect.stringContaining('empty') })
  })

  it('rejects truncated keys, inner spaces and foreign characters', () => {
    expect(checkKey('api', 'sk-ant-api03-short')).toMatchObject({ ok: false, message: expect.stringContaining('5 characters long') })
    expect(checkKey('api', `sk-ant-api03-${'a'.repeat(50)} ${'b'.repeat(50)}`)).toMatchObject({ ok: false, message: expect.stringContaining('characters other than') })
    expect(checkKey('api', `sk-ant-api03-${'a'.repeat(300)}`)).toMatchObject({ ok: false, message: expect.stringContaining('300 characters') })
    expect(checkKey('api', `sk-ant-api03-${'é'.repeat(60)}`).ok).toBe(false)
  })

  it('keySchema and AddProfileInput report the same messages, never the key', () => {
    const bad = keySchema('api').safeParse(adminKey())
    expect(bad.success).toBe(false)
    expect(JSON.stringify(bad.error?.issues)).not.toContain(adminKey().slice(15, 40))
    const input = AddProfileInput.safeParse({ name: 'acme', kind: 'api', key: adminKey() })
    expect(input.success).toBe(false)
    expect(input.error?.issues[0]).toMatchObject({ path: ['key'], message: expect.stringContaining('expected an API key') })
    expect(AddProfileInput.safeParse({ name: 'acme', kind: 'admin', key: adminKey() }).success).toBe(true)
  })

  it('validates profile names', () => {
    for (const good of ['acme', 'a', 'client.prod_2-x', 'A'.repeat(64)]) expect(ProfileName.safeParse(good).success).toBe(true)
    for (const bad of ['', 'A'.repeat(65), 'has space', 'a/b', '../x', 'ünï', 'x;rm']) expect(ProfileName.safeParse(bad).success).toBe(false)
  })

  it('masks a key to its first 15 characters, an ellipsis and the last 4', () => {
    const key = `sk-ant-api03-R2D${'q'.repeat(88)}igAA`
    expect(maskKey(key)).toBe('sk-ant-api03-R2…igAA')
    expect(maskKey(adminKey('Zed'))).toBe('sk-ant-admin01-…yyAA')
  })
})
