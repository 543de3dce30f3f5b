import { KeywardError } from '../../../../shared/errors'

/** A settings document: a JSON object whose key order we keep (JSON.parse keeps insertion order). */
export type SettingsObject = Record<string, unknown>

/**
 * Parses a Claude Code settings file. Empty text is an empty object; anything that is not a JSON
 * object is CONFIG_CORRUPT naming the file and, for a syntax error, the line and column.
 */
export function parseSettings(text: string, file: string): SettingsObject {
  if (text.trim() === '') return {}
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    const where = locate(text, error instanceof Error ? error.message : '')
    throw new KeywardError('CONFIG_CORRUPT', `${file} is not valid JSON${where}; fix it (or move it away) and run this again; the file was not changed`)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new KeywardError('CONFIG_CORRUPT', `${file} does not hold a JSON object; fix it (or move it away) and run this again; the file was not changed`)
  }
  return value as SettingsObject
}

/** Serialises settings the way Claude Code writes them: 2-space indent and a final newline. */
export function formatSettings(settings: SettingsObject): string {
  return `${JSON.stringify(settings, null, 2)}\n`
}

/** Turns V8's "at position N" (or its own "line L column C") into " (line L, column C: …)". */
function locate(text: string, message: string): string {
  const detail = message
    .replace(/\s*in JSON at position \d+.*$/s, '')
    .replace(/\s*\(line \d+ column \d+\)$/, '')
    .slice(0, 120)
  const lineCol = /line (\d+) column (\d+)/.exec(message)
  if (lineCol) return ` (line ${lineCol[1]}, column ${lineCol[2]}: ${detail})`
  const position = /position (\d+)/.exec(message)
  if (position) {
    const before = text.slice(0, Number(position[1]))
    const line = before.split('\n').length
    const column = before.length - before.lastIndexOf('\n')
    return ` (line ${line}, column ${column}: ${detail})`
  }
  const lines = text.split('\n').length
  return ` (at the end, line ${lines}: ${detail || 'unexpected end of input'})`
}
