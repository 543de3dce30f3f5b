import { accessSync, closeSync, constants, mkdirSync, openSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, isAbsolute, join } from 'node:path'

/*
 * The direct launcher (`out/cli/helper/keyward`): the same dispatch as bin/keyward (the helper and
 * the status line to their own small entries, anything else to the full CLI), as a CommonJS file
 * whose `#!` line names the project's own Node by absolute path. Claude Code runs `keyward helper`
 * at every session start and key refresh through `/bin/sh -c`; the sh launcher then costs one more
 * shell start (2–4 ms on the build machine, docs/performance.md). The build writes this file when
 * that Node's path can be a `#!` line; `keyward claude setup` writes it into the settings when its
 * `#!` still names an executable; otherwise bin/keyward stays the launcher.
 *
 * It lives in the helper's own folder: requiring the helper's entry from another folder cost about
 * 2 ms more per helper start than from the same one (measured in bench/run.js, interleaved runs).
 * Settings written before name `out/cli/launcher/keyward` (LEGACY_DIRECT_LAUNCHER); the build keeps
 * writing that one too, so they go on working until `keyward claude setup` writes the new path.
 */

/** The launcher's path under the built CLI (out/cli/): beside the helper's entry. */
export const DIRECT_LAUNCHER = join('helper', 'keyward')

/** Where the launcher was before it moved beside the helper's entry; still written, for settings that name it. */
export const LEGACY_DIRECT_LAUNCHER = join('launcher', 'keyward')

/**
 * The longest `#!` line this writes: Linux reads the first 128 bytes of a script for it (BINPRM_BUF_SIZE
 * before 5.1, and still where a longer one is cut), so the line with its newline stays within them.
 */
export const SHEBANG_MAX_BYTES = 127

/** True when `interpreter` can be a `#!` line as it is: absolute, no white space or control characters (they would split or end the line), short enough. */
export function isShebangSafe(interpreter: string): boolean {
  return isAbsolute(interpreter) && !/[\s\u0000-\u001f\u007f]/.test(interpreter) && Buffer.byteLength(`#!${interpreter}`) <= SHEBANG_MAX_BYTES
}

/** Beside the launcher: loads the full CLI (an ES module) for every command but the helper and the status line. */
export const FULL_CLI_LOADER = 'full-cli.cjs'

/**
 * The launcher's text for `interpreter` in `folder` of the built CLI, or null when that path cannot
 * be a `#!` line. It holds no
 * `import()`: Node prepares its ES module loader for any CommonJS file whose source has one, about
 * 2 ms of every helper start (measured in bench/run.js), so the full CLI's import() is in a file of
 * its own (FULL_CLI_LOADER), which only the full CLI's commands load.
 */
export function directLauncherText(interpreter: string, folder: 'helper' | 'launcher' = 'helper'): string | null {
  if (!isShebangSafe(interpreter)) return null
  return `#!${interpreter}
'use strict'
// Written by the build (electron/cli/launcher/direct-launcher.ts): bin/keyward's dispatch without the shell.
const command = process.argv[2]
if (command === 'helper') require('${folder === 'helper' ? './' : '../helper/'}keyward-helper.cjs')
else if (command === 'statusline') require('../statusline/keyward-statusline.cjs')
else require('./${FULL_CLI_LOADER}')
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
 * Writes (0755, replacing through a temporary name) or removes `<cliDir>/helper/keyward` and the
 * legacy `<cliDir>/launcher/keyward`, each with a package.json that makes its folder CommonJS (the
 * project's own is an ES module scope) and the full CLI's loader. Run after the helper's own build,
 * which empties its folder. Returns the interpreter written, or null when there is none to name
 * (the launchers are then removed, so none names a Node that moved).
 */
export function writeDirectLauncher(cliDir: string, interpreter: string | null): string | null {
  let written: string | null = null
  for (const [launcher, folder] of [
    [DIRECT_LAUNCHER, 'helper'],
    [LEGACY_DIRECT_LAUNCHER, 'launcher'],
  ] as const) {
    const path = join(cliDir, launcher)
    const text = interpreter === null ? null : directLauncherText(interpreter, folder)
    if (text === null) {
      rmSync(path, { force: true })
      continue
    }
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(join(dirname(path), 'package.json'), `${JSON.stringify({ type: 'commonjs' })}\n`)
    writeFileSync(join(dirname(path), FULL_CLI_LOADER), "'use strict'\nimport('../keyward.js')\n")
    writeFileSync(`${path}.tmp`, text, { mode: 0o755 })
    renameSync(`${path}.tmp`, path)
    written = interpreter
  }
  return written
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
