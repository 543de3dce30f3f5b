import { builtinModules } from 'node:module'
import { dirname, relative, resolve, sep } from 'node:path'
import { forbiddenChain, resolveRelative } from './import-graph.js'

/**
 * ESLint rule `keyward/import-boundaries`: a table of layers, each listing what its files may import.
 * docs/architecture.md explains the layers and why they are cut this way.
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
 * The fast path (electron/cli/fast/: `keyward helper` and `keyward statusline`, which Claude Code
 * runs at every session start and turn, each its own small bundle) is a room of its own, as GitHub
 * Desktop's ask-pass is: it imports Node's built-ins and exactly the files in FAST_PATH_IMPORTS, and
 * nothing it loads, however indirectly (import(), require() included), may reach zod, the contract
 * (shared/contract/) or the SDK. Evaluating zod alone cost that process more than all its work.
 * Its type-only imports are free: the build erases them.
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

/**
 * The zod-free files the fast path imports directly (each checked transitively all the same): the
 * shared helpers, the config's hand-checked reader, the key service and its keychain, the socket
 * client, the status line's facts and format, the file-system calls' promise forms, and the CLI's exit codes.
 */
export const FAST_PATH_IMPORTS = [
  'shared/calendar',
  'shared/key-format',
  'shared/keyward-error',
  'shared/redact',
  'electron/cli/exit-codes',
  'electron/core/keys/bindings/resolve',
  'electron/core/keys/key-service',
  'electron/core/platform/audit/audit-append',
  'electron/core/platform/config/serving-config',
  'electron/core/platform/fs/fs-async',
  'electron/core/platform/paths',
  'electron/core/serving/forward/forwarded-location',
  'electron/core/serving/socket/socket-client',
  'electron/core/serving/socket/socket-path',
  'electron/core/serving/statusline/',
  'electron/core/vault/backend',
  'electron/core/vault/keychain',
]

/**
 * @typedef {{ name: string, paths: string[], imports: string[] | '*', files?: string[], packages: 'zod' | 'no-node' | 'node' | 'any',
 *   electron: boolean, freeTypes?: boolean, fastPath?: boolean }} Layer
 * `files`: files or folders (ending in `/`) the layer may import besides its `imports` layers; `packages: 'node'`: Node's
 * built-ins only; `freeTypes`: type-only imports are not checked; `fastPath`: nothing loaded may reach zod, the contract or the SDK.
 */
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
  { name: 'cli', paths: ['electron/cli/'], imports: ['shared', 'core', ...CORE, 'emulator', 'fast'], packages: 'any', electron: false },
  { name: 'fast', paths: ['electron/cli/fast/'], imports: [], files: FAST_PATH_IMPORTS, packages: 'node', electron: false, freeTypes: true, fastPath: true },
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

/** What the fast path must never load: zod, the contract, the SDK. */
const isZod = (spec) => spec === 'zod' || spec.startsWith('zod/')
const isSdk = (spec) => spec === '@anthropic-ai/sdk' || spec.startsWith('@anthropic-ai/sdk/')

/** Module-wide: the import graph of the sources, reused while a file's mtime holds. */
const graphCache = new Map()

/**
 * Why the fast-path file's import of `spec` (resolved to `target`, or null for a package) would
 * load zod, the contract or the SDK, naming the chain of files; null when it loads none of them.
 */
function fastPathLoad(spec, target, root) {
  const forbiddenAt = (s, file) => isZod(s) || isSdk(s) || (file !== null && repoPath(file, root).startsWith('shared/contract/'))
  const why = 'keyward helper and statusline run at every Claude Code start and turn, each its own bundle (see cli.vite.config.ts)'
  if (forbiddenAt(spec, target)) return `the fast path must not load zod, the contract or the SDK (${spec}): ${why}`
  if (target === null) return null
  const chain = forbiddenChain(target, forbiddenAt, graphCache)
  if (!chain) return null
  const names = chain.map((step) => (step.startsWith('/') ? repoPath(step, root) : step))
  return `the fast path must not load zod, the contract or the SDK: ${names.join(' -> ')}; ${why}`
}

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]))
const isElectron = (spec) => spec === 'electron' || spec.startsWith('electron/')
/** Test runners and generators that test files anywhere may import; they never ship. */
const TEST_TOOLS = /^(vitest|fast-check|@testing-library\/[a-z-]+|@playwright\/test)$/
const isTestFile = (path) => /\.test\.tsx?$|\.test-support\.tsx?$|-test-kit\.tsx?$/.test(path)

/** `path` relative to the repository, with `/` separators and without its extension or `/index`. */
function repoPath(path, root) {
  return relative(root, path)
    .split(sep)
    .join('/')
    .replace(/\.(tsx?|jsx?|mjs|cjs)$/, '')
    .replace(/\/index$/, '')
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
  if (layer.packages === 'node' && !NODE_BUILTINS.has(spec)) return `${layer.name} may import only Node built-ins of the packages (${spec} is loaded, if at all, by a file it may import)`
  return null
}

function fileViolation(layer, fromRel, toRel, test) {
  const target = layerOf(toRel)
  if (target === layer || layer.imports === '*') return null
  if (target && layer.imports.includes(target.name)) return null
  if (layer.files?.some((path) => matches(toRel, path))) return null
  if (allowedEdge(fromRel, toRel)) return null
  if (test && !target) return null
  // Tests wire whatever they exercise (see above); the fast path's tests too.
  const wiringTest = test && ((layer.name.startsWith('core') && (target.name.startsWith('core') || ['cli', 'fast', 'emulator'].includes(target.name))) || (layer.name === 'fast' && target !== null))
  if (wiringTest) return null
  const allowed = [...layer.imports, ...(layer.files ?? [])]
  const list = allowed.length > 0 ? allowed.join(', ') : 'only files inside it'
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
    const reasonFor = (spec) => {
      const load = layer.fastPath && !test ? fastPathLoad(spec, spec.startsWith('.') ? resolveRelative(file, spec) : null, root) : null
      if (load) return load
      if (spec.startsWith('.')) return fileViolation(layer, fromRel, repoPath(resolve(dirname(file), spec), root), test)
      if (test && TEST_TOOLS.test(spec)) return null
      return packageViolation(layer, spec)
    }
    const check = (node, source, typeOnly = false) => {
      if (!source || typeof source.value !== 'string') return
      if (typeOnly && layer.freeTypes) return
      const reason = reasonFor(source.value)
      if (reason) context.report({ node, messageId: 'boundary', data: { reason, spec: source.value } })
    }
    return {
      ImportDeclaration: (node) => check(node, node.source, node.importKind === 'type'),
      ExportAllDeclaration: (node) => check(node, node.source, node.exportKind === 'type'),
      ExportNamedDeclaration: (node) => check(node, node.source, node.exportKind === 'type'),
      ImportExpression: (node) => check(node, node.source),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require') check(node, node.arguments[0])
      },
    }
  },
}
