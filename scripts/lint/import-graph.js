import { existsSync, readFileSync, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import ts from 'typescript'

/*
 * The import graph of TypeScript sources, for the fast path's rule in import-boundaries.js: what a
 * file loads when it runs, static imports, re-exports, import() and require() alike. Type-only
 * imports (`import type`, `export type … from`) are left out: the build erases them, so they load
 * nothing (with verbatimModuleSyntax an `import { type A }` is kept as a bare import, so it counts).
 */

/** The specifiers `path` loads at run time, in source order. */
export function valueImports(path) {
  const text = readFileSync(path, 'utf8')
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, false, path.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS)
  const specs = []
  const visit = (node) => {
    if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly && ts.isStringLiteral(node.moduleSpecifier)) specs.push(node.moduleSpecifier.text)
    else if (ts.isExportDeclaration(node) && !node.isTypeOnly && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) specs.push(node.moduleSpecifier.text)
    else if (ts.isCallExpression(node)) {
      const [first] = node.arguments
      const loads = node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require')
      if (loads && first && ts.isStringLiteralLike(first)) specs.push(first.text)
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return specs
}

/** The source file a relative specifier names (`./x` → `./x.ts`, `./x/index.ts`, …), or null. */
export function resolveRelative(fromFile, spec) {
  const base = resolve(dirname(fromFile), spec)
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`]) {
    if (/\.tsx?$/.test(candidate) && existsSync(candidate) && statSync(candidate).isFile()) return candidate
  }
  return null
}

/**
 * The first chain of imports from `start` (a source file) to a forbidden target, as
 * `[start, …, target]`, or null. `forbidden(spec, resolved)` is asked of every package
 * specifier (resolved null) and every relative one (resolved: the file). Packages are not walked
 * into. `cache` (a Map) may be shared across calls: an entry is used while its file's mtime holds.
 */
export function forbiddenChain(start, forbidden, cache = new Map()) {
  const seen = new Set()
  const walk = (file) => {
    if (seen.has(file)) return null
    seen.add(file)
    const mtime = statSync(file).mtimeMs
    let edges = cache.get(file)?.mtime === mtime ? cache.get(file).edges : null
    if (!edges) {
      edges = valueImports(file).map((spec) => ({ spec, file: spec.startsWith('.') ? resolveRelative(file, spec) : null }))
      cache.set(file, { mtime, edges })
    }
    for (const edge of edges) {
      if (forbidden(edge.spec, edge.file)) return [file, edge.file ?? edge.spec]
      if (edge.file === null) continue
      const rest = walk(edge.file)
      if (rest) return [file, ...rest]
    }
    return null
  }
  return walk(start)
}
