import { lstatSync, realpathSync } from 'node:fs'
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { splitShellWords } from '../shell-quote'
import { isExecutableFile } from '../find-on-path'

/*
 * Is an apiKeyHelper this Keyward? Claude Code runs the value with /bin/sh -c in the directory it
 * was started in, so a relative program is whatever the project ships under that name (a cloned
 * repository can commit an executable bin/keyward that forwards the key elsewhere), and a bare
 * `keyward` is whatever PATH finds first. Only the launcher of the Keyward that is running, by its
 * real path, is ours.
 */

/** What the verdict is judged against: this Keyward's launcher, and the caller's directory and PATH. */
export interface HelperContext {
  /** The absolute path of this Keyward's launcher (what `keyward claude setup` writes). */
  readonly launcher: string
  /** This Keyward's other launchers a setting may name and still be ours (bin/keyward beside the direct launcher). */
  readonly alsoOurs?: readonly string[]
  readonly cwd: string
  readonly env: NodeJS.ProcessEnv
}

/** Ours (with the path it runs, found on PATH or written out), or what is wrong with it; `missing`: it names no program that exists (Claude Code gets no key). */
export type HelperVerdict = { readonly ours: true; readonly program: string; readonly onPath: boolean } | { readonly ours: false; readonly problem: string; readonly missing?: true }

/** Longest helper text a message quotes. */
const SHOWN = 120

/** The helper value as messages show it: JSON-quoted (controls escaped) and cut to SHOWN characters. */
export function shownHelper(helper: string): string {
  return JSON.stringify(helper.length > SHOWN ? `${helper.slice(0, SHOWN)}…` : helper)
}

/** Judges an apiKeyHelper command line; never runs it. */
export function judgeApiKeyHelper(helper: string, context: HelperContext): HelperVerdict {
  const split = splitShellWords(helper)
  if ('unsupported' in split) return { ours: false, problem: `it uses ${split.unsupported}, so what it runs cannot be checked` }
  const [program, command] = split.words
  if (program === undefined) return { ours: false, problem: 'it is empty' }
  if (command !== 'helper') return { ours: false, problem: `it does not run "keyward helper"` }
  if (program.includes('/') && !isAbsolute(program)) {
    const here = resolve(context.cwd, program)
    return { ours: false, problem: `${program} is a relative path, so Claude Code runs whatever ${program} the directory it starts in holds (here ${here}${where(here, context.cwd)})` }
  }
  if (isAbsolute(program) && !isExecutableFile(program)) return { ours: false, missing: true, problem: `${program} does not exist or is not an executable file` }
  const launcher = realPath(context.launcher)
  if (launcher === null) return { ours: false, problem: `this Keyward's own launcher ${context.launcher} does not exist to compare it with` }
  const ours = [launcher, ...(context.alsoOurs ?? []).map(realPath).filter((p): p is string => p !== null)]
  if (!isAbsolute(program)) return judgeOnPath(program, ours, context)
  if (!ours.includes(realPath(program) ?? '')) return { ours: false, problem: `${program} is not this Keyward's launcher (${context.launcher})${where(program, context.cwd)}` }
  return { ours: true, program, onPath: false }
}

/** A bare program name, looked up as /bin/sh does: the first executable regular file along PATH. */
function judgeOnPath(name: string, ours: readonly string[], context: HelperContext): HelperVerdict {
  for (const entry of (context.env.PATH ?? '').split(':')) {
    const candidate = join(entry === '' ? '.' : entry, name)
    if (!isExecutableFile(isAbsolute(candidate) ? candidate : resolve(context.cwd, candidate))) continue
    if (!isAbsolute(entry)) {
      return { ours: false, problem: `PATH holds the relative entry ${JSON.stringify(entry)}, so ${name} runs ${join(entry || '.', name)} from the directory Claude Code starts in` }
    }
    if (!ours.includes(realPath(candidate) ?? '')) return { ours: false, problem: `${name} on PATH is ${candidate}, not this Keyward's launcher (${ours[0]})${where(candidate, context.cwd)}` }
    return { ours: true, program: candidate, onPath: true }
  }
  return { ours: false, missing: true, problem: `no ${name} is on PATH` }
}

/** ", inside the repository at R" or ", inside the project directory" when `path` lies in one, else "". */
function where(path: string, cwd: string): string {
  const repository = enclosingRepository(dirname(path))
  if (repository !== null) return `, inside the repository at ${repository}`
  return isInside(path, cwd) ? ', inside the project directory' : ''
}

/** The nearest directory at or above `dir` that holds a .git entry (a work tree or a clone). */
function enclosingRepository(dir: string): string | null {
  for (let at = dir; ; at = dirname(at)) {
    try {
      lstatSync(join(at, '.git'))
      return at
    } catch {
      if (dirname(at) === at) return null
    }
  }
}

function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path)
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel)
}

function realPath(path: string): string | null {
  try {
    return realpathSync(path)
  } catch {
    return null
  }
}
