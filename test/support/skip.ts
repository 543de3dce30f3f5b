/** Skips the running test and prints why, as every skipped test must (`SKIPPED: <why>`). */
export function skipBecause(context: { skip(note?: string): never }, why: string): never {
  console.log(`SKIPPED: ${why}`)
  return context.skip(why)
}
