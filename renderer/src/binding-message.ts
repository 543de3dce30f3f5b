/**
 * What a bind did, in the words the CLI uses: a new binding, one that was already so, or a
 * rebinding that names the profile it replaced ("…now bound to acme, replacing gamma.").
 */
export function boundMessage(directory: string, profile: string, replaced: string | null): string {
  if (replaced === null) return `${directory} is now bound to ${profile}.`
  if (replaced === profile) return `${directory} was already bound to ${profile}.`
  return `${directory} is now bound to ${profile}, replacing ${replaced}.`
}
