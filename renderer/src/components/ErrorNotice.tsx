import type { WireError } from '../../../shared/errors'

/** An error shown in place, as a sentence a person can act on. */
export function ErrorNotice({ error }: { error: WireError }) {
  return (
    <p role="alert" className="notice notice-error" data-code={error.code}>
      {error.message}
    </p>
  )
}
