/** The visible ends of a masked key: the Admin API's `sk-ant-api03-R2D...igAA` or the vault's `sk-ant-api03-R2D…igAA`. */
export function hintEnds(hint: string): { head: string; tail: string } | null {
  const parts = hint.split(/\.\.\.|…/)
  if (parts.length !== 2) return null
  const [head = '', tail = ''] = parts
  return head.length >= 8 && tail.length >= 2 ? { head, tail } : null
}

/**
 * True when two masked hints can be the same key: one's head starts the other's and the tails agree.
 * Both sides show 16 leading and 4 trailing characters of ~108, so a false match is negligible.
 */
export function hintsMatch(a: string | null, b: string | null): boolean {
  if (!a || !b) return false
  const x = hintEnds(a)
  const y = hintEnds(b)
  if (!x || !y) return false
  const [shortHead, longHead] = x.head.length <= y.head.length ? [x.head, y.head] : [y.head, x.head]
  const [shortTail, longTail] = x.tail.length <= y.tail.length ? [x.tail, y.tail] : [y.tail, x.tail]
  return longHead.startsWith(shortHead) && longTail.endsWith(shortTail)
}

/** True when the full `key` is the one an API hint describes. */
export function keyMatchesHint(key: string, hint: string | null): boolean {
  const ends = hint ? hintEnds(hint) : null
  return ends !== null && key.startsWith(ends.head) && key.endsWith(ends.tail)
}
