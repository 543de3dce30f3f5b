import { builtinModules } from 'node:module'
import { dirname, relative, resolve, sep } from 'node:path'

/**
 * ESLint rule `keyward/import-boundaries`: a table of layers, each listing what its files may import.
 *
 * A file belongs to the layer with the longest matching path (a folder ends in `/`, a file is named
 * without its extension). A relative import is allowed when its target is in the same layer or in one
 * the layer lists in `imports`, or when the edge is one of `EDGES` below (each says why). Targets in no
 * layer (test/, bench/, scripts/) are never imported by a layer's shipping code.
 *
 * The core's layers, lowest first: the router (the handlers' type); platform (files, config, paths,
 * audit log); vault; alerts (notices, channels, outbox); keys (profiles, bindings, the key service);
 * org (orgs, Admin API, rotation, review, offboarding); usage (sync, queries, budgets, spikes,
 * projects); serving (key socket, forward socket, peer identity, HTTP, status line, tray). Each may
 * import the ones below it; org also imports the emulator (the demo org runs on it). The core's root
 * composes them all: compose/builders.ts (the one set of builders), core.ts (createCore, for the app and
 * the daemon) and host/start-host.ts (their one start-up sequence); the CLI builds through its context
 * (electron/cli/cli-context.ts) from the same builders.
 *
 * Besides the table, three rules hold for every file:
 *   - only electron/main and electron/preload import `electron` (the core and the CLI run without it);
 *   - renderer/ imports no Node built-in (it runs in the sandboxed page, and calls the contract);
 *   - shared/ imports only `zod` of the packages (it is loaded by every side).
 * Test files (`*.test.ts`, `*.test-support.ts`, `*-test-kit.ts`) may also import the test tools
 * (vitest, fast-check, Testing Library), the test support outside the table (test/support/) and,
 * inside the core, any core layer, the CLI and the emulator: the layering governs the code that
 * ships; a test wires whatever it exercises.
 */
const CORE = ['core/router', 'core/platform', 'core/vault', 'core/alerts', 'core/keys', 'core/org', 'core/usage', 'core/serving']
const below = (layer) => CORE.slice(0, CORE.indexOf(layer))

/** @typedef {{ name: string, paths: string[], imports: string[] | '*', packages: 'zod' | 'no-node' | 'any', electron: boolean }} Layer */
/** @type {Layer[]} */
export const LAYERS = [
  { name: 'shared', paths: ['shared/'], imports: [], packages: 'zod', electron: false },
  ...CORE.map((name) => ({
    name,
    paths: name === 'core/router' ? ['electron/core/router', 'electron/core/stub-handlers'] : [`electron/${name}/`],
    imports: ['shared', ...below(name), ...(name === 'core/org' ? ['emulator'] : [])],
    packages: /** @type {const} */ ('any'),
    electron: false,
  })),
  { name: 'core', paths: ['electron/core/'], imports: ['shared', ...CORE, 'emulator'], packages: 'any', electron: false },
  { name: 'emulator', paths: ['electron/emulator/'], imports: '*', packages: 'any', electron: false },
  { name: 'cli', paths: ['electron/cli/'], imports: ['shared', 'core', ...CORE, 'emulator'], packages: 'any', electron: false },
  { name: 'main', paths: ['electron/main/', 'electron/preload/'], imports: '*', packages: 'any', electron: true },
  { name: 'renderer', paths: ['renderer/'], imports: ['shared'], packages: 'no-node', electron: false },
]

/**
 * Imports that cross the layers upwards, each allowed for the reason given. `from` is a file, `to` a
 * file or a folder (ending in `/`).
 */
export const EDGES = [
  // config.json's schema is made of the sections the org domains own.
  { from: 'electron/core/platform/config/config.schema', to: 'electron/core/org/orgs/orgs.schema' },
  { from: 'electron/core/platform/config/config.schema', to: 'electron/core/org/rotation/rotation.schema' },
  // The Vault opens the keychain once and builds the key, profile and binding services over it,
  // taking the approver that gates key reads.
  { from: 'electron/core/vault/vault', to: 'electron/core/keys/' },
  { from: 'electron/core/vault/vault', to: 'electron/core/alerts/notify/approver' },
  // A vault migration carries the channels' secrets, so it reads the channel names.
  { from: 'electron/core/vault/migrate', to: 'electron/core/alerts/channels/channel-store' },
  // The key service asks for approval per caller, named by the peer's identity and claimed directory.
  { from: 'electron/core/keys/key-service', to: 'electron/core/serving/peer/' },
  // The review's rules read usage (unused keys, unbudgeted workspaces) through the usage module.
  { from: 'electron/core/org/review/review-module', to: 'electron/core/usage/usage-module' },
  // The usage module hands its figures to the tray summary through the tray's provider interface.
  { from: 'electron/core/usage/usage-module', to: 'electron/core/serving/tray/tray-providers' },
]

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]))
const isElectron = (spec) => spec === 'electron' || spec.startsWith('electron/')
/** Test runners and generators that test files anywhere may import; they never ship. */
const TEST_TOOLS = /^(vitest|fast-check|@testing-library\/[a-z-]+|@playwright\/test)$/
const isTestFile = (path) => /\.test\.tsx?$|\.test-support\.tsx?$|-test-kit\.tsx?$/.test(path)

/** `path` relative to the repository, with `/` separators and without its extension or `/index`. */
function repoPath(path, root) {
  return relative(root, path).split(sep).join('/').replace(/\.(tsx?|jsx?|mjs|cjs)$/, '').replace(/\/index$/, '')
}

const matches = (rel, path) => (path.endsWith('/') ? `${rel}/`.startsWith(path) : rel === path)

/** The layer `rel` belongs to (the longest matching path), or null outside the table. */
export function layerOf(rel) {
  let best = null
  let length = -1
  for (const layer of LAYERS) {
    for (const path of layer.paths) {
      if (matches(rel, path) && path.length > length) [best, length] = [layer, path.length]
    }
  }
  return best
}

function allowedEdge(fromRel, toRel) {
  return EDGES.some((edge) => edge.from === fromRel && matches(toRel, edge.to))
}

function packageViolation(layer, spec) {
  if (isElectron(spec)) {
    return layer.electron ? null : `${layer.name} must not import electron (only electron/main and electron/preload do)`
  }
  if (layer.packages === 'zod' && spec !== 'zod' && !spec.startsWith('zod/')) return `${layer.name} may import only zod and files inside shared/`
  if (layer.packages === 'no-node' && NODE_BUILTINS.has(spec)) return `${layer.name} must not import Node built-ins (${spec}); call the contract through the client`
  return null
}

function fileViolation(layer, fromRel, toRel, test) {
  const target = layerOf(toRel)
  if (target === layer || layer.imports === '*') return null
  if (target && layer.imports.includes(target.name)) return null
  if (allowedEdge(fromRel, toRel)) return null
  if (test && !target) return null
  const coreTest = test && layer.name.startsWith('core') && (target.name.startsWith('core') || ['cli', 'emulator'].includes(target.name))
  if (coreTest) return null
  const list = layer.imports.length > 0 ? layer.imports.join(', ') : 'only files inside it'
  return `${layer.name} must not import ${toRel}${target ? ` (${target.name})` : ''}; it may import ${list}`
}

/** @type {import('eslint').Rule.RuleModule} */
export const importBoundaries = {
  meta: { type: 'problem', schema: [], messages: { boundary: '{{reason}} (import "{{spec}}")' } },
  create(context) {
    const root = context.cwd
    const file = context.filename
    const fromRel = repoPath(file, root)
    const layer = layerOf(fromRel)
    if (!layer) return {}
    const test = isTestFile(file)
    const check = (node, source) => {
      if (!source || typeof source.value !== 'string') return
      const spec = source.value
      let reason
      if (spec.startsWith('.')) reason = fileViolation(layer, fromRel, repoPath(resolve(dirname(file), spec), root), test)
      else if (test && TEST_TOOLS.test(spec)) reason = null
      else reason = packageViolation(layer, spec)
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
