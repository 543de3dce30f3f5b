import { type ReactNode, useEffect, useId, useRef } from 'react'

/** What a destructive action asks before it runs. */
export interface ConfirmRequest {
  title: string
  body: ReactNode
  confirmLabel: string
  run(): Promise<void>
}

/**
 * An accessible confirmation dialog: modal, labelled by its title, focus on Cancel (the safe
 * choice), Escape cancels. Rendered only while a request is pending.
 */
export function ConfirmDialog({ request, onClose }: { request: ConfirmRequest | null; onClose(): void }) {
  const titleId = useId()
  const cancelRef = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    if (request) cancelRef.current?.focus()
  }, [request])
  if (!request) return null
  return (
    <div className="dialog-backdrop">
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        className="dialog"
        onKeyDown={(e) => {
          if (e.key === 'Escape') onClose()
        }}
      >
        <h2 id={titleId}>{request.title}</h2>
        <div>{request.body}</div>
        <div className="dialog-actions">
          <button type="button" ref={cancelRef} onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="danger"
            onClick={() => {
              onClose()
              void request.run()
            }}
          >
            {request.confirmLabel}
          </button>
        </div>
      </div>
    </div>
  )
}
