import { accessSync, chmodSync, closeSync, constants, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, isAbsolute, join } from 'node:path'

/*
 * The direct launcher: the helper's own entry, `out/cli/helper/keyward` (electron/cli/fast/helper-main.ts),
 * which dispatches as bin/keyward does (the helper in that file, the status line and the full CLI
 * beside it), with the project's own Node named by absolute path on a `#!` line this adds after the
 * build. Claude Code runs `keyward helper` at every session start and key refresh through `/bin/sh
 * -c`; the sh launcher then costs one more shell start, and a separate launcher file that required
 * the entry cost about 2 ms more (docs/performance.md). The build adds the line when that Node's path
 * can be a `#!` line; `keyward claude setup` writes the entry into the settings while its `#!` still
 * names an executable; otherwise bin/keyward stays the launcher (it runs the entry with node, which
 * skips a `#!` line).
 *
 * Settings written before name `out/cli/launcher/keyward` (LEGACY_DIRECT_LAUNCHER), a launcher that
 * required the entry; the build still writes it (requiring the entry, which dispatches), so they go
 * on working until `keyward claude setup` writes the new path.
 */

/** The direct launcher under the built CLI (out/cli/): the helper's entry itself. */
export const DIRECT_LAUNCHER = join('helper', 'keyward')

/** Where the launcher was before it became the helper's entry; still written, for settings that name it. */
export const LEGACY_DIRECT_LAUNCHER = join('launcher', 'keyward')

/** Beside the helper's entry: loads the full CLI (an ES module). Its import() is kept out of the entry, where Node would prepare its ES module loader at every helper start (about 2 ms). */
export const FULL_CLI_LOADER = 'full-cli.cjs'

/**
 * The longest `#!` line this writes: Linux reads the first 128 bytes of a script for it (BINPRM_BUF_SIZE
 * before 5.1, and still where a longer one is cut), so the line with its newline stays within them.
 */
export const SHEBANG_MAX_BYTES = 127

/** True when `interpreter` can be a `#!` line as it is: absolute, no white space or control characters (they would split or end the line), short enough. */
export function isShebangSafe(interpreter: string): boolean {
  return isAbsolute(interpreter) && !/[\s\u0000-\u001f\u007f]/.test(interpreter) && Buffer.byteLength(`#!${interpreter}`) <= SHEBANG_MAX_BYTES
}

/** The legacy launcher's text for `interpreter`, or null when that path cannot be a `#!` line: it runs the helper's entry, which dispatches. */
export function legacyLauncherText(interpreter: string): string | null {
  if (!isShebangSafe(interpreter)) return null
  return `#!${interpreter}
'use strict'
// Written by the build (electron/cli/launcher/direct-launcher.ts) for settings that still name it: the direct launcher is ../helper/keyward.
require('../helper/keyward')
`
}

/** The project's own Node, as bin/keyward picks it (`node_modules/node-<platform>-<arch>/bin/node`), when that is an executable binary; else null. */
export function projectNode(root: string, platform: NodeJS.Platform = process.platform, arch: string = process.arch): string | null {
  if (platform === 'win32') return null
  const node = join(root, 'node_modules', `node-${platform}-${arch}`, 'bin', 'node')
  return isExecutableBinary(node) ? node : null
}

/** An executable regular file that is not itself a `#!` script (which cannot be another script's interpreter everywhere). */
function isExecutableBinary(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false
    accessSync(path, constants.X_OK)
    return firstBytes(path, 2) !== '#!'
  } catch {
    return false
  }
}

function firstBytes(path: string, count: number): string {
  const fd = openSync(path, 'r')
  try {
    const buffer = Buffer.alloc(count)
    return buffer.subarray(0, readSync(fd, buffer, 0, count, 0)).toString('latin1')
  } finally {
    closeSync(fd)
  }
}

/**
 * After the helper's build (which empties its folder): puts `#!interpreter` on the helper's entry and
 * makes it executable (0755, replaced through a temporary name), writes the full CLI's loader beside
 * it, and writes the legacy launcher with a package.json that makes its folder CommonJS (the
 * project's own is an ES module scope). With no interpreter to name (or one that cannot be a `#!`
 * line) the entry keeps no `#!` line and is not executable, and the legacy launcher is removed, so
 * none names a Node that moved. Returns the interpreter written, or null.
 */
export function writeDirectLauncher(cliDir: string, interpreter: string | null): string | null {
  const entry = join(cliDir, DIRECT_LAUNCHER)
  writeFileSync(join(dirname(entry), FULL_CLI_LOADER), "'use strict'\nimport('../keyward.js')\n")
  const usable = interpreter !== null && isShebangSafe(interpreter) ? interpreter : null
  const body = readFileSync(entry, 'utf8').replace(/^#![^\n]*\n/, '')
  replaceFile(entry, usable === null ? body : `#!${usable}\n${body}`, usable === null ? 0o644 : 0o755)
  const legacy = join(cliDir, LEGACY_DIRECT_LAUNCHER)
  if (usable === null) {
    rmSync(legacy, { force: true })
    return null
  }
  mkdirSync(dirname(legacy), { recursive: true })
  writeFileSync(join(dirname(legacy), 'package.json'), `${JSON.stringify({ type: 'commonjs' })}\n`)
  replaceFile(legacy, legacyLauncherText(usable)!, 0o755)
  return usable
}

/** Writes `text` to `path` with `mode` through a temporary name, so a running launcher is never half written. */
function replaceFile(path: string, text: string, mode: number): void {
  writeFileSync(`${path}.tmp`, text, { mode })
  chmodSync(`${path}.tmp`, mode)
  renameSync(`${path}.tmp`, path)
}

/** The interpreter a launcher's `#!` line names, when the launcher exists and that interpreter is still an executable binary; else null. */
export function usableInterpreter(launcher: string): string | null {
  let head: string
  try {
    head = firstBytes(launcher, SHEBANG_MAX_BYTES + 1)
    accessSync(launcher, constants.X_OK)
  } catch {
    return null
  }
  const match = /^#!(\S+)\n/.exec(head)
  return match !== null && isShebangSafe(match[1]!) && isExecutableBinary(match[1]!) ? match[1]! : null
}
