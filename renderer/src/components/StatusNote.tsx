import type { ReactNode } from 'react'

/** A status line that says what just happened (announced politely to screen readers); nothing when there is no note. */
export function StatusNote({ children }: { children: ReactNode }) {
  return children ? (
    <p role="status" className="callout">
      {children}
    </p>
  ) : null
}
