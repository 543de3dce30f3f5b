import { readFileSync } from 'node:fs'
import { dirname, join, normalize } from 'node:path'
import { ESLint } from 'eslint'
import { beforeAll, describe, expect, it } from 'vitest'
import { EDGES, LAYERS, layerOf } from './import-boundaries.js'

const eslint = new ESLint({ cwd: process.cwd() })

async function lint(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path })
  return (result?.messages ?? []).filter((m) => m.ruleId === 'keyward/import-boundaries').map((m) => m.message)
}

describe('keyward/import-boundaries', () => {
  // The first lint loads the whole ESLint configuration (parsers, plugins); later ones take milliseconds.
  beforeAll(() => lint('shared/x.ts', ''), 60_000)

  it.each([
    ['renderer/src/x.ts', "import 'electron'"],
    ['renderer/src/x.ts', "import { readFile } from 'node:fs'"],
    ['renderer/src/x.ts', "import { x } from 'path'"],
    ['renderer/src/x.ts', "import { createCore } from '../../electron/core/core'"],
    ['electron/core/x.ts', "import { app } from 'electron'"],
    ['electron/core/usage/x.ts', "import { app } from 'electron'"],
    ['electron/cli/x.ts', "const e = await import('electron')"],
    ['electron/core/x.ts', "import { a } from '../main/index'"],
    ['electron/core/serving/x.ts', "import { a } from '../../main/index'"],
    ['electron/cli/x.ts', "import { a } from '../preload/index'"],
    ['shared/x.ts', "import { readFile } from 'node:fs'"],
    ['shared/x.ts', "import React from 'react'"],
    ['shared/x.ts', "import { it } from 'vitest'"],
    ['shared/x.test.ts', "import { readFile } from 'node:fs'"],
    ['shared/contract/x.ts', "import { y } from '../../electron/core/router'"],
  ])('keeps the outer rules: refuses %s: %s', async (path, code) => {
    expect(await lint(path, code)).toHaveLength(1)
  })

  it.each([
    // A lower layer never imports a higher one.
    ['electron/core/platform/x.ts', "import { createVault } from '../vault/vault'"],
    ['electron/core/vault/x.ts', "import { createKeyService } from '../keys/key-service'"],
    ['electron/core/alerts/x.ts', "import { createOrgRegistry } from '../org/orgs/org-registry'"],
    ['electron/core/org/x.ts', "import { createUsageStore } from '../usage/usage-store'"],
    ['electron/core/usage/x.ts', "import { startKeySocket } from '../serving/socket/start-key-socket'"],
    ['electron/core/router.ts', "import { x } from './platform/paths'"],
    // No layer imports the core's root, which composes them.
    ['electron/core/serving/x.ts', "import { createCore } from '../core'"],
    // Shipping code never imports tests or their support.
    ['electron/core/usage/x.ts', "import { x } from '../../../test/support/skip'"],
    // An allowed edge is allowed from its own file only.
    ['electron/core/vault/keychain.ts', "import { createKeyService } from '../keys/key-service'"],
  ])('enforces the layer table: refuses %s: %s', async (path, code) => {
    const messages = await lint(path, code)
    expect(messages).toHaveLength(1)
    expect(messages[0]).toMatch(/must not import/)
  })

  it.each([
    ['renderer/src/x.ts', "import { z } from '../../shared/errors'"],
    ['electron/main/x.ts', "import { app } from 'electron'"],
    ['electron/preload/x.ts', "import { contextBridge } from 'electron'"],
    ['electron/core/x.ts', "import { readFile } from 'node:fs'"],
    ['shared/contract/x.ts', "import { z } from 'zod'; import { ErrorCode } from '../errors'"],
    ['shared/money.test.ts', "import { it } from 'vitest'; import fc from 'fast-check'"],
    // Upwards from lower layers and sideways within one.
    ['electron/core/serving/x.ts', "import { a } from '../usage/usage-store'; import { b } from '../org/orgs/org-registry'; import { c } from './socket/wire'"],
    ['electron/core/usage/x.ts', "import { a } from '../keys/bindings/resolve'; import { b } from '../platform/fs/safe-file'; import type { Handlers } from '../router'"],
    ['electron/core/platform/x.ts', "import type { Handlers } from '../router'; import { a } from '../../../shared/errors'"],
    ['electron/core/org/orgs/x.ts', "import { startEmulator } from '../../../emulator'"],
    ['electron/core/core.ts', "import { a } from './serving/tray/tray-service'"],
    ['electron/cli/x.ts', "import { createCore } from '../core/core'; import { a } from '../core/vault/vault'"],
    // An allowed edge, from its file.
    ['electron/core/vault/vault.ts', "import { createKeyService } from '../keys/key-service'"],
    // Tests wire whatever they exercise.
    ['electron/core/platform/x.test.ts', "import { createVault } from '../vault/vault'; import { runAllow } from '../../cli/commands/allow'"],
    ['electron/core/usage/x.test.ts', "import { skipOn } from '../../../test/support/skip'"],
  ])('allows %s: %s', async (path, code) => {
    expect(await lint(path, code)).toEqual([])
  })

  it('puts every file in the layer with the longest matching path', () => {
    expect(layerOf('electron/core/usage/budgets/budget-store')?.name).toBe('core/usage')
    expect(layerOf('electron/core/router')?.name).toBe('core/router')
    expect(layerOf('electron/core/core')?.name).toBe('core')
    expect(layerOf('electron/core/routers')?.name).toBe('core')
    expect(layerOf('test/support/skip')).toBeNull()
  })

  it('names only layers of the table', () => {
    const names = new Set(LAYERS.map((layer) => layer.name))
    for (const layer of LAYERS) if (layer.imports !== '*') for (const name of layer.imports) expect(names, `${layer.name} → ${name}`).toContain(name)
  })

  it.each(EDGES)('allows $from → $to only because the import exists', ({ from, to }) => {
    const source = readFileSync(`${from}.ts`, 'utf8')
    const targets = [...source.matchAll(/from '(\.[^']+)'/g)].map((m) => normalize(join(dirname(from), m[1] ?? '')))
    expect(targets.some((target) => (to.endsWith('/') ? `${target}/`.startsWith(to) : target === to)), `${from} imports ${to}`).toBe(true)
    expect(layerOf(from), `${from} is in a lower layer than ${to}`).not.toBe(layerOf(to.replace(/\/$/, '')))
  })
})
