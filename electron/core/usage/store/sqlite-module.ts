import type * as Sqlite from 'node:sqlite'

/*
 * Node's built-in SQLite (`node:sqlite`). Chosen over better-sqlite3 because it ships inside the
 * Node that runs the CLI (22) and inside Electron's (45): no native module to build, no ABI
 * rebuild per Electron release, nothing in node_modules to audit. Node still marks it
 * experimental and prints an ExperimentalWarning on first load; the CLI prints nothing stray on
 * stderr, so exactly that one warning is dropped here, in the one place the module is loaded.
 */

const SQLITE_WARNING = /^SQLite is an experimental feature/

let loaded: typeof Sqlite | null = null

/** Drops Node's "SQLite is an experimental feature" warning and passes every other warning on unchanged. */
function dropSqliteWarning(): void {
  const original = process.emitWarning
  const filtered = function (this: unknown, warning: string | Error, ...rest: unknown[]): void {
    const text = typeof warning === 'string' ? warning : warning.message
    const type = typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: string } | undefined)?.type
    const isExperimental = type === 'ExperimentalWarning' || (warning instanceof Error && warning.name === 'ExperimentalWarning')
    if (isExperimental && SQLITE_WARNING.test(text)) return
    ;(original as (...args: unknown[]) => void).call(this, warning, ...rest)
  }
  process.emitWarning = filtered as typeof process.emitWarning
}

/** The `node:sqlite` module, loaded once, without its experimental warning. */
export function sqlite(): typeof Sqlite {
  if (loaded) return loaded
  const original = process.emitWarning
  dropSqliteWarning()
  try {
    // getBuiltinModule, not an import: the warning filter must be in place before the module loads, and bundlers leave it alone.
    loaded = process.getBuiltinModule('node:sqlite')
  } finally {
    process.emitWarning = original
  }
  return loaded
}
