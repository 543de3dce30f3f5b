import { accessSync, constants, statSync } from 'node:fs'
import { delimiter, isAbsolute, join, resolve } from 'node:path'

/** True when `path` is a file this process may execute. */
export function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/**
 * Whether `command` would start, as the shell finds it: a name with a slash is a path (relative to
 * `cwd`), any other name is looked up in each directory of `PATH`. `keyward exec` asks this before
 * reading a key, so a mistyped command never counts as a key served. On Windows (PATHEXT, the
 * current directory first) the answer is left to the spawn itself.
 */
export function commandExists(command: string, env: NodeJS.ProcessEnv, cwd: string, platform: NodeJS.Platform = process.platform): boolean {
  if (platform === 'win32') return true
  if (command.includes('/')) return isExecutableFile(isAbsolute(command) ? command : resolve(cwd, command))
  return (env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => dir !== '')
    .some((dir) => isExecutableFile(join(isAbsolute(dir) ? dir : resolve(cwd, dir), command)))
}
