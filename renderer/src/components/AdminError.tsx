import type { WireError } from '../../../shared/errors'
import { ErrorMessage } from './ErrorMessage'
import { sentence } from '../format'

/** An admin error shown in place, as a sentence (a 403 reads "The Admin key for … lacks permission to …"). */
export function AdminError({ error }: { error: WireError | null }) {
  return error ? <ErrorMessage error={{ ...error, message: sentence(error.message) }} /> : null
}
