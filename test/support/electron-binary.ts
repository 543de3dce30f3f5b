import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

/**
 * The Electron binary if it is installed, else null. It does not `require('electron')`, which
 * would try to download the binary (impossible on machines without access to its host).
 */
export function findElectronBinary(root = resolve('node_modules/electron')): string | null {
  const pathFile = join(root, 'path.txt')
  if (!existsSync(pathFile)) return null
  const base = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(root, 'dist')
  const binary = join(base, readFileSync(pathFile, 'utf8').trim())
  return existsSync(binary) ? binary : null
}
