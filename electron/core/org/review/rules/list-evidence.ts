/** At most `max` names as evidence lines, then "and N more". */
export function listEvidence(names: readonly string[], max = 10): string[] {
  const shown = names.slice(0, max)
  return names.length > max ? [...shown, `and ${names.length - max} more`] : [...shown]
}
