/*
 * Where an Admin key may be sent. One check for every transport (the contract's schema, the org
 * registry for added and stored orgs, the SDK client factory): zod-free, so the core and the
 * renderer use the same function.
 */

/** What plain http:// is allowed to, in messages. */
const LOOPBACK = 'this machine (localhost, 127.0.0.0/8 or [::1], e.g. the Admin API emulator)'

/** True for a URL host that is this machine: `localhost`, an IPv4 address in 127.0.0.0/8 or `[::1]` (as WHATWG URL spells them). */
export function isLoopbackHost(hostname: string): boolean {
  // URL has already lower-cased the name and turned 127.1, 0x7f.1 and 2130706433 into dotted quads.
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
}

/**
 * Why `raw` may not be an org's base URL, or null when it may: https:// to any host, or http://
 * to this machine only. No user name or password in it, no other scheme. The message never
 * repeats the URL's userinfo.
 */
export function baseUrlProblem(raw: string): string | null {
  let url: URL
  try {
    url = new URL(raw.trim())
  } catch {
    return 'the base URL is not a URL; give one like https://api.anthropic.com'
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return `the base URL uses ${url.protocol.slice(0, 20)}//; only https:// is accepted (and http:// to ${LOOPBACK})`
  }
  if (url.username !== '' || url.password !== '') {
    return 'the base URL contains a user name or password (user:pass@); remove them: the Admin key in its profile is the only credential Keyward sends'
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return `the base URL http://${url.host.slice(0, 120)} is plain http:// to another machine, which would send the Admin key unencrypted; use https:// (plain http:// is accepted only to ${LOOPBACK})`
  }
  return null
}
