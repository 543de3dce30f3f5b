import type { WireError } from '../../../shared/errors'
import { uiMessage } from '../error-text'

/** An error shown in place, as a sentence in the UI's words (no procedure names, no command lines), with a retry when one makes sense. */
export function ErrorMessage({ error, onRetry }: { error: WireError; onRetry?: () => void }) {
  return (
    <div role="alert" className="callout callout-error" data-code={error.code}>
      <p>{uiMessage(error.message)}</p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  )
}
