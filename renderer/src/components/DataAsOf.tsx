import { formatDataAsOfSentence } from '../../../shared/data-age'
import { currentLocale } from '../format'

/**
 * "Data as of 14:00.": the Admin API's watermark, up to when its figures are complete (later usage
 * is still arriving). Not when Keyward last synced, which the screens say apart. Nothing before
 * the service has given one.
 */
export function DataAsOf({ dataRefreshedAt, timeZone }: { dataRefreshedAt: string | null | undefined; timeZone: string }) {
  const text = formatDataAsOfSentence(dataRefreshedAt, { nowMs: Date.now(), timeZone, locale: currentLocale() })
  if (text === null) return null
  return (
    <span
      className="data-as-of"
      data-testid="data-as-of"
      data-at={dataRefreshedAt ?? ''}
      title="The Admin API's figures are complete up to this time; later usage is still arriving. This is not when Keyward last synced."
    >
      {text}.
    </span>
  )
}
