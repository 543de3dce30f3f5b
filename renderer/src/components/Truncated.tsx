import type { ReactNode } from 'react'

/**
 * Text that keeps its words whole on one line and, when its box is too narrow, ends in an ellipsis:
 * the full text is the tooltip, and stays in the DOM, so screen readers read all of it. `maxWidth`
 * caps the box in an auto-sized table column (a CSS length, e.g. "12rem").
 */
export function Truncated({ text, maxWidth, children, className }: { text: string; maxWidth?: string; children?: ReactNode; className?: string }) {
  return (
    <span className={className ? `truncate ${className}` : 'truncate'} title={text} style={maxWidth ? { maxWidth } : undefined}>
      {children ?? text}
    </span>
  )
}
