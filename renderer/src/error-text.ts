/**
 * A core error message as the UI says it. The core's messages serve the CLI too, so they may name a
 * procedure ("budgets.set: limit: …") or end with what to type in a terminal ("; run: keyward …
 * --force"). On screen, the procedure name goes, a clause that is a command line goes, and the
 * rest reads as a sentence.
 */
export function uiMessage(message: string): string {
  const withoutProcedure = message.replace(/^[a-z]+\.[a-zA-Z]+: /, '').replace(/ in [a-z]+\.[a-zA-Z]+(?=[;,.]|$)/g, '')
  const clauses = withoutProcedure.split(/;\s+/)
  const kept = clauses.map((clause, i) => (i === 0 ? clause : withoutCommands(clause))).filter((clause) => clause !== '')
  let text = kept.join('; ').trim()
  if (isCommandLine(text)) text = text.replace(/[,:]?\s*(?:run|with|use|or run)?:?\s*`?keyward .*$/i, '').trim()
  text = text.replace(/[\s;:,]+$/, '')
  if (text.length === 0) return message
  const sentence = text[0]!.toUpperCase() + text.slice(1)
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`
}

/** A clause of advice without its command-line alternatives: "create it first or pass one with --dir" → "create it first". */
function withoutCommands(clause: string): string {
  if (!isCommandLine(clause)) return clause
  const options = clause.split(/ or /)
  const plain = options.slice(0, options.findIndex(isCommandLine))
  return plain.join(' or ')
}

/** True when a clause tells the reader to type something: a `keyward …` command or a `--flag`. */
function isCommandLine(clause: string): boolean {
  return /\bkeyward [a-z]/.test(clause) || /(^|\s)--[a-z]/.test(clause)
}
