import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const eslint = new ESLint({ cwd: process.cwd() })

async function lint(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path })
  return (result?.messages ?? []).filter((m) => m.ruleId === 'keyward/import-boundaries').map((m) => m.message)
}

describe('keyward/import-boundaries', () => {
  it.each([
    ['renderer/src/x.ts', "import 'electron'"],
    ['renderer/src/x.ts', "import { readFile } from 'node:fs'"],
    ['renderer/src/x.ts', "import { x } from 'path'"],
    ['renderer/src/x.ts', "import { createCore } from '../../electron/core/core'"],
    ['electron/core/x.ts', "import { app } from 'electron'"],
    ['electron/cli/x.ts', "const e = await import('electron')"],
    ['electron/core/x.ts', "import { a } from '../main/index'"],
    ['shared/x.ts', "import { readFile } from 'node:fs'"],
    ['shared/x.ts', "import React from 'react'"],
    ['shared/x.ts', "import { it } from 'vitest'"],
    ['shared/x.test.ts', "import { readFile } from 'node:fs'"],
    ['shared/contract/x.ts', "import { y } from '../../electron/core/router'"],
  ])('refuses %s: %s', async (path, code) => {
    expect(await lint(path, code)).toHaveLength(1)
  })

  it.each([
    ['renderer/src/x.ts', "import { z } from '../../shared/errors'"],
    ['electron/main/x.ts', "import { app } from 'electron'"],
    ['electron/preload/x.ts', "import { contextBridge } from 'electron'"],
    ['electron/core/x.ts', "import { readFile } from 'node:fs'"],
    ['shared/contract/x.ts', "import { z } from 'zod'; import { ErrorCode } from '../errors'"],
    ['shared/money.test.ts', "import { it } from 'vitest'; import fc from 'fast-check'"],
  ])('allows %s: %s', async (path, code) => {
    expect(await lint(path, code)).toEqual([])
  })
})
