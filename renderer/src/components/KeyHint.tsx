/** How many characters at a hint's end always show: the part that tells two keys apart. */
const KEPT_END = 6

/**
 * A key's partial hint ("sk-ant-api03-Da...A6AA") on one line: when its box is too narrow the start
 * gives way to an ellipsis and the end stays, since the end is what tells keys apart; the whole
 * hint is the tooltip and stays in the DOM for screen readers.
 */
export function KeyHint({ hint, maxWidth }: { hint: string; maxWidth?: string }) {
  const cut = Math.max(0, hint.length - KEPT_END)
  return (
    <code className="key-hint" title={hint} style={maxWidth ? { maxWidth } : undefined}>
      <span className="key-hint-start">{hint.slice(0, cut)}</span>
      <span className="key-hint-end">{hint.slice(cut)}</span>
    </code>
  )
}
