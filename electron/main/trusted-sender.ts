/**
 * Decides whether an IPC message comes from our own renderer: its frame URL must be the
 * built `index.html` (any hash or query) or, in development, the dev server's origin.
 * Anything else (a navigated frame, an iframe, a devtools extension) is refused.
 */
export function isTrustedSenderUrl(frameUrl: string | undefined, rendererUrl: string): boolean {
  if (!frameUrl) return false
  let frame: URL
  let expected: URL
  try {
    frame = new URL(frameUrl)
    expected = new URL(rendererUrl)
  } catch {
    return false
  }
  if (expected.protocol === 'file:') return frame.protocol === 'file:' && frame.pathname === expected.pathname
  return frame.origin === expected.origin
}
