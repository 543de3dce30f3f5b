import { builtinModules } from 'node:module'
import { dirname, relative, resolve, sep } from 'node:path'

/**
 * ESLint rule `keyward/import-boundaries`: which folder may import what (DESIGN.md, Architecture).
 *   shared/            only `zod` and files inside shared/
 *   electron/core, cli never `electron`, never electron/main or electron/preload, never renderer/
 *   renderer/          never `electron`, `node:*` or Node built-ins, never anything under electron/
 *   electron/main, preload  the only places that may import `electron`
 * Test files (`*.test.ts`) may also import the test tools (vitest, fast-check, Testing Library).
 */
const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]))
const isElectron = (spec) => spec === 'electron' || spec.startsWith('electron/')
/** Test runners and generators that test files anywhere may import; they never ship. */
const TEST_TOOLS = /^(vitest|fast-check|@testing-library\/[a-z-]+|@playwright\/test)$/
const isTestFile = (path) => /\.test\.tsx?$/.test(path)

function areaOf(path, root) {
  const rel = relative(root, path).split(sep).join('/')
  if (rel.startsWith('shared/')) return 'shared'
  if (rel.startsWith('renderer/')) return 'renderer'
  if (rel.startsWith('electron/core/') || rel.startsWith('electron/cli/')) return 'node-core'
  if (rel.startsWith('electron/main/') || rel.startsWith('electron/preload/')) return 'electron'
  return 'other'
}

function violation(area, spec, target, root) {
  const targetArea = target ? areaOf(target, root) : null
  const targetRel = target ? relative(root, target).split(sep).join('/') : ''
  switch (area) {
    case 'shared':
      if (target) return targetArea === 'shared' ? null : 'shared/ may import only zod and files inside shared/'
      return spec === 'zod' || spec.startsWith('zod/') ? null : 'shared/ may import only zod and files inside shared/'
    case 'node-core':
      if (isElectron(spec)) return 'electron/core and electron/cli must not import electron (keep Electron in electron/main)'
      if (targetArea === 'electron' || targetArea === 'renderer') return `electron/core and electron/cli must not import ${targetRel}`
      return null
    case 'renderer':
      if (isElectron(spec)) return 'renderer/ must not import electron; call the contract through the client'
      if (NODE_BUILTINS.has(spec)) return `renderer/ must not import Node built-ins (${spec})`
      if (targetRel.startsWith('electron/')) return `renderer/ must not import ${targetRel}; use shared/`
      return null
    default:
      return null
  }
}

/** @type {import('eslint').Rule.RuleModule} */
export const importBoundaries = {
  meta: { type: 'problem', schema: [], messages: { boundary: '{{reason}} (import "{{spec}}")' } },
  create(context) {
    const root = context.cwd
    const file = context.filename
    const area = areaOf(file, root)
    if (area === 'other') return {}
    const check = (node, source) => {
      if (!source || typeof source.value !== 'string') return
      const spec = source.value
      const target = spec.startsWith('.') ? resolve(dirname(file), spec) : null
      if (!target && isTestFile(file) && TEST_TOOLS.test(spec)) return
      const reason = violation(area, spec, target, root)
      if (reason) context.report({ node, messageId: 'boundary', data: { reason, spec } })
    }
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require') check(node, node.arguments[0])
      },
    }
  },
}
