/**
 * The one order of orgs every list shows (the registry's `list()`, the usage queries' default org):
 * configured orgs first, in the order stored, then the demo org. Nothing here loads the registry,
 * so a read that needs only the order (keyward usage) gets it from the config alone.
 */
export function inListOrder<T extends { readonly demo: boolean }>(orgs: readonly T[]): T[] {
  return [...orgs.filter((o) => !o.demo), ...orgs.filter((o) => o.demo)]
}
