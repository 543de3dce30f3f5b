import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { dirname, join, normalize, relative, resolve } from 'node:path'
import { ESLint } from 'eslint'
import { beforeAll, describe, expect, it } from 'vitest'
import { EDGES, FAST_PATH_IMPORTS, LAYERS, layerOf } from './import-boundaries.js'
import { forbiddenChain, resolveRelative, valueImports } from './import-graph.js'

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
    expect(
      targets.some((target) => (to.endsWith('/') ? `${target}/`.startsWith(to) : target === to)),
      `${from} imports ${to}`,
    ).toBe(true)
    expect(layerOf(from), `${from} is in a lower layer than ${to}`).not.toBe(layerOf(to.replace(/\/$/, '')))
  })

  describe('the fast path (electron/cli/fast/)', () => {
    it.each([
      ["import { z } from 'zod'", 'zod'],
      ["import { z } from 'zod/mini'", 'zod/mini'],
      ["import Anthropic from '@anthropic-ai/sdk'", '@anthropic-ai/sdk'],
      ["const sdk = await import('@anthropic-ai/sdk/resources')", '@anthropic-ai/sdk/resources'],
      ["import { procedures } from '../../../shared/contract'", 'shared/contract'],
      ["import { AuditEntry } from '../../../shared/contract/audit.contract'", 'audit.contract'],
    ])('refuses %s directly', async (code, named) => {
      const messages = await lint('electron/cli/fast/x.ts', code)
      expect(messages).toHaveLength(1)
      expect(messages[0]).toContain('the fast path must not load zod, the contract or the SDK')
      expect(messages[0]).toContain(named)
    })

    it.each([
      // A file that imports zod statically, and one that loads the contract through import().
      ["import { createConfigStore } from '../../core/platform/config/config-store'", 'electron/core/platform/config/config-store -> shared/errors -> zod'],
      ["const log = await import('../../core/platform/audit/audit-log')", 'electron/core/platform/audit/audit-log -> shared/contract/audit.contract'],
      ["import { ErrorCode } from '../../../shared/errors'", 'shared/errors -> zod'],
    ])('refuses what loads them indirectly, naming the chain: %s', async (code, chain) => {
      const messages = await lint('electron/cli/fast/x.ts', code)
      expect(messages).toHaveLength(1)
      expect(messages[0]).toContain(`the fast path must not load zod, the contract or the SDK: ${chain}`)
    })

    it.each([
      ["import { readFileSync } from 'node:fs'"],
      ["import { createKeyService } from '../../core/keys/key-service'; import { EXIT } from '../exit-codes'"],
      ["import { gatherFacts } from '../../core/serving/statusline/statusline-facts'"],
      // Types load nothing, from anywhere.
      ["import type { Command } from '../command'; import type { ErrorCode } from '../../../shared/errors'"],
      ["import type { AuditEntry } from '../../../shared/contract/audit.contract'"],
    ])('allows %s', async (code) => {
      expect(await lint('electron/cli/fast/x.ts', code)).toEqual([])
    })

    it.each([
      // Zod-free, but not on the list: the fast path imports exactly what it needs.
      ["import { singleFlight } from '../../core/platform/single-flight'", 'must not import electron/core/platform/single-flight'],
      ["import { quoteForShell } from '../shell-quote'", 'must not import electron/cli/shell-quote'],
      ["import keytar from 'keytar'", 'may import only Node built-ins'],
    ])('refuses a file or package off its list: %s', async (code, reason) => {
      const messages = await lint('electron/cli/fast/x.ts', code)
      expect(messages).toHaveLength(1)
      expect(messages[0]).toContain(reason)
    })

    it('lets the CLI use the fast path, and its tests wire what they exercise', async () => {
      expect(await lint('electron/cli/commands/x.ts', "import { helperCommand } from '../fast/helper'")).toEqual([])
      expect(await lint('electron/cli/fast/x.test.ts', "import { tempVault } from '../../core/vault/temp-vault.test-support'")).toEqual([])
    })

    const fastFiles = readdirSync('electron/cli/fast').filter((name) => name.endsWith('.ts') && !name.includes('.test.'))
    const imported = new Set(
      fastFiles.flatMap((name) => {
        const file = resolve('electron/cli/fast', name)
        return valueImports(file)
          .filter((spec) => spec.startsWith('.'))
          .map((spec) => relative(process.cwd(), resolveRelative(file, spec) ?? spec).replace(/\.ts$/, ''))
      }),
    )

    it.each(FAST_PATH_IMPORTS)('lists %s because the fast path imports it', (path) => {
      if (!path.endsWith('/')) expect(existsSync(`${path}.ts`), `${path}.ts exists`).toBe(true)
      expect([...imported].some((target) => (path.endsWith('/') ? target.startsWith(path) : target === path))).toBe(true)
    })

    it.each(['helper-main.ts', 'statusline-main.ts'])('finds no chain from %s to zod, the contract or the SDK', (entry) => {
      const forbidden = (spec: string, file: string | null) => spec === 'zod' || spec.startsWith('@anthropic-ai/sdk') || (file ?? '').includes('/shared/contract/')
      expect(forbiddenChain(resolve('electron/cli/fast', entry), forbidden)).toBeNull()
      // The walk is real: the same check from the full CLI's entry finds one.
      expect(forbiddenChain(resolve('electron/cli/main.ts'), forbidden)).not.toBeNull()
    })
  })
})
