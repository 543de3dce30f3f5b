/**
 * The one rule for text that came from outside (an Admin API name, a claimed tool name, a remote
 * directory, a file's contents) on its way to a person: a terminal, a log line, a tray label, a
 * notification, the approval prompt, the status line.
 *
 * Characters that a terminal or a text renderer would act on instead of showing are written out in
 * escape notation, so they do nothing and an admin *sees* that a name carries them:
 * - C0 controls (U+0000–U+001F), DEL and the C1 controls (U+0080–U+009F, where U+009B is a CSI),
 *   as `\x1b`, `\x7f`, `\x9b`: no retitled window, cleared screen, colours, or line overwritten by `\r`;
 * - the bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) and the Unicode
 *   line and paragraph separators (U+2028, U+2029), as `\u202e`: no `exe.png` shown as `gnp.exe`.
 *
 * Where it is applied, and why there: every CLI command's stdout and stderr pass through
 * `terminalSafeOutput` in one place (electron/cli/io.ts, used by runCli), because a writer wrapped
 * around the streams cannot be forgotten by the next command or the next line. That writer keeps the
 * newline and tab the CLI's own layout uses, so it cannot tell a newline *inside* a name (a faked
 * line) from a real one; `safeValue` closes that gap where a value's edges are known (each name a
 * command interpolates, each field of a tray label, notification or prompt), and escapes newlines and
 * tabs as well. `--json` stays exact: `jsonForTerminal` writes these characters as `\uXXXX` JSON
 * escapes, which parse back to the original; its text is one the writer leaves as it is, so the CLI
 * writes it around the writer (printJson). CSV and the audit file are data, not display, and keep
 * every character as it was.
 */

/** DEL, the C1 controls, the bidi controls and the line/paragraph separators: unsafe everywhere, JSON included. */
const BEYOND_C0 = '\\u007f-\\u009f\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069'
/** Every character this rule makes visible, newline and tab included (for a single value). */
const UNSAFE_IN_VALUE = new RegExp(`[\\u0000-\\u001f${BEYOND_C0}]`, 'g')
/** The same, less the newline and tab that a writer's own layout puts between lines and fields. */
const UNSAFE_IN_OUTPUT = new RegExp(`[\\u0000-\\u0008\\u000b-\\u001f${BEYOND_C0}]`, 'g')
/** What JSON.stringify leaves as it is but a terminal would act on (it escapes C0 itself). */
const UNSAFE_IN_JSON = new RegExp(`[${BEYOND_C0}]`, 'g')

/** `\x1b` for a C0/C1 control or DEL, `\u202e` for the rest: what a person reads in place of the character. */
function escapeNotation(char: string): string {
  const code = char.charCodeAt(0)
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`
}

/** One value for display: every control, newline and tab included, made visible (`\x1b`, `\n`→`\x0a`, `\u202e`). */
export function safeValue(text: string): string {
  return text.replace(UNSAFE_IN_VALUE, escapeNotation)
}

/** A whole piece of human output: controls made visible, except the newlines and tabs that lay it out. */
export function terminalSafeOutput(text: string): string {
  return text.replace(UNSAFE_IN_OUTPUT, escapeNotation)
}

/**
 * One value for a one-line label (tray item, notification title, prompt field): made visible, then
 * cut to `max` characters with an ellipsis at the end, or in the `middle` (a path keeps its root and its last folder).
 */
export function safeField(text: string, max: number, cut: 'end' | 'middle' = 'end'): string {
  const shown = safeValue(text)
  if (shown.length <= max) return shown
  if (cut === 'end') return `${shown.slice(0, Math.max(0, max - 1))}…`
  const head = Math.ceil((max - 1) / 2)
  return `${shown.slice(0, head)}…${shown.slice(shown.length - (max - 1 - head))}`
}

/** Whether `text` holds a character this rule would change in a single value. */
export function hasUnsafeText(text: string): boolean {
  return new RegExp(UNSAFE_IN_VALUE.source).test(text)
}

/**
 * A value as pretty JSON that a terminal can show as it is: JSON.stringify escapes C0 controls
 * itself; DEL, C1 and the bidi controls are written as `\uXXXX` too. Parsing it gives the exact value.
 */
export function jsonForTerminal(value: unknown): string {
  return escapeJsonForTerminal(JSON.stringify(value, null, 2))
}

/** JSON text (from JSON.stringify) with DEL, C1 and bidi characters written as `\uXXXX` escapes: the same JSON, safe to show. */
export function escapeJsonForTerminal(json: string): string {
  return json.replace(UNSAFE_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/** One `keyward: …` log line: the text is one value, so a newline inside it cannot fake a second log line. */
export function logLine(text: string): string {
  return `keyward: ${safeValue(text)}\n`
}
