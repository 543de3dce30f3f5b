import type { WireError } from '../../../shared/errors'

/** An error shown in place, as a sentence a person can act on, with a retry when one makes sense. */
export function ErrorNotice({ error, onRetry }: { error: WireError; onRetry?: () => void }) {
  return (
    <div role="alert" className="notice notice-error" data-code={error.code}>
      <p>{error.message}</p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  )
}
