/**
 * Masked key hints: the vault's (`sk-ant-api03-R2…igAA`, from maskKey) and the Admin API's
 * `partial_key_hint` (`sk-ant-api03-R2D...igAA`), and how to tell whether they name the same key.
 */

/** How many leading characters a hint shows: 15, so nothing Keyward stores or shows holds 16 consecutive key characters. */
export const HINT_HEAD = 15

/** The visible ends of a masked key, whichever separator it uses (`…`, `...`, `***`). */
export function hintEnds(hint: string): { head: string; tail: string } | null {
  const parts = hint.split(/\.{3}|…|\*{3,}/)
  if (parts.length !== 2) return null
  const [head = '', tail = ''] = parts
  return head.length >= 8 && tail.length >= 2 ? { head, tail } : null
}

/**
 * The Admin API's `partial_key_hint` in Keyward's own mask (15 leading characters, `…`, the last 4).
 * Applied where API data enters the core, so a longer API hint never reaches a file or the renderer.
 */
export function maskApiHint(hint: string | null | undefined): string | null {
  const ends = hint ? hintEnds(hint) : null
  return ends ? `${ends.head.slice(0, HINT_HEAD)}…${ends.tail.slice(-4)}` : null
}

/** True when two masked hints can be the same key: one's head starts the other's and the tails agree (4 characters at least). */
export function hintsMatch(a: string | null, b: string | null): boolean {
  const x = a ? hintEnds(a) : null
  const y = b ? hintEnds(b) : null
  if (!x || !y || x.tail.length < 4 || y.tail.length < 4) return false
  const [shortHead, longHead] = x.head.length <= y.head.length ? [x.head, y.head] : [y.head, x.head]
  const [shortTail, longTail] = x.tail.length <= y.tail.length ? [x.tail, y.tail] : [y.tail, x.tail]
  return longHead.startsWith(shortHead) && longTail.endsWith(shortTail)
}

/** True when the full `key` is the one a hint describes. */
export function keyMatchesHint(key: string, hint: string | null): boolean {
  const ends = hint ? hintEnds(hint) : null
  return ends !== null && key.startsWith(ends.head) && key.endsWith(ends.tail)
}
