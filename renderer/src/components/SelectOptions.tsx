/**
 * The `<option>`s of a select, one per item: `value` gives each option's value (and React key),
 * `label` what it shows (the value itself unless given).
 */
export function SelectOptions<T>({ items, value, label = value }: { items: readonly T[]; value: (item: T) => string; label?: (item: T) => string }) {
  return (
    <>
      {items.map((item) => (
        <option key={value(item)} value={value(item)}>
          {label(item)}
        </option>
      ))}
    </>
  )
}
