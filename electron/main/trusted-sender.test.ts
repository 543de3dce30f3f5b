import { describe, expect, it } from 'vitest'
import { isTrustedSenderUrl } from './trusted-sender'

const built = 'file:///opt/Keyward/resources/app.asar/out/renderer/index.html'

describe('isTrustedSenderUrl', () => {
  it('accepts the built renderer, with any hash or query', () => {
    expect(isTrustedSenderUrl(built, built)).toBe(true)
    expect(isTrustedSenderUrl(`${built}#/usage`, built)).toBe(true)
  })
  it('refuses other files, other schemes and missing URLs', () => {
    expect(isTrustedSenderUrl('file:///tmp/evil.html', built)).toBe(false)
    expect(isTrustedSenderUrl('https://example.com/', built)).toBe(false)
    expect(isTrustedSenderUrl(undefined, built)).toBe(false)
    expect(isTrustedSenderUrl('not a url', built)).toBe(false)
  })
  it('accepts only the dev server origin in development', () => {
    expect(isTrustedSenderUrl('http://localhost:5173/#/keys', 'http://localhost:5173')).toBe(true)
    expect(isTrustedSenderUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false)
    expect(isTrustedSenderUrl('http://evil.localhost:5173/', 'http://localhost:5173')).toBe(false)
  })
})
