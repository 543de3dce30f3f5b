import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fakeKey, prng } from './fake-keys'
import { SecretRegistry } from './leaks'

/** A project directory bound to a profile, and the key it must get. */
export interface BoundProject {
  readonly dir: string
  readonly profile: string
  readonly key: string
}

/**
 * A temporary world: a traversable root (0755), a data directory inside it, projects, secrets.
 * While it exists this process works in its root: the key socket refuses a request whose cwd is
 * not under the caller's real working directory (peer credentials), and this test process is the
 * caller of its own socket requests, as a helper run from the project would be.
 */
export interface World {
  readonly root: string
  readonly home: string
  /** A HOME for tools that write under ~ (Claude Code settings). */
  readonly userHome: string
  readonly env: NodeJS.ProcessEnv
  readonly secrets: SecretRegistry
  readonly random: () => number
  /** Makes a directory under the root (parents too) and returns its real path. */
  dir(...parts: string[]): string
  /** A fresh API or Admin key, registered for the leak scan under `label`. */
  key(kind: 'api' | 'admin', label: string): string
  /** The key `cwd` must get under `bindings` (nearest bound parent of its real path), or null. */
  expectedKey(cwd: string, bindings: readonly BoundProject[]): string | null
  cleanup(): void
}

/** The environment every keyward child starts from: this process's (keyring, PATH) minus anything that would change which key is served. */
export function baseEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env }
  for (const name of Object.keys(env)) {
    if (name.startsWith('ANTHROPIC_') || name.startsWith('KEYWARD_') || name === 'NODE_OPTIONS' || name === 'AI_AGENT') delete env[name]
  }
  // vitest sets these for its workers; a child must behave as in production.
  delete env.VITEST
  delete env.VITEST_WORKER_ID
  delete env.VITEST_POOL_ID
  delete env.NODE_ENV
  return { ...env, ...extra }
}

/** Builds a world; `tag` keeps keychain accounts (profile names) apart from other test files sharing the keyring. */
export function createWorld(tag: string, seed: number): World {
  const root = realpathSync(mkdtempSync(join(tmpdir(), `keyward-rel-${tag}-`)))
  // Traversable by other users, so the isolation test checks Keyward's own modes, not mkdtemp's.
  chmodSync(root, 0o755)
  const home = join(root, 'data')
  const userHome = join(root, 'home')
  mkdirSync(userHome, { recursive: true })
  const secrets = new SecretRegistry()
  const random = prng(seed)
  const env = baseEnv({ KEYWARD_HOME: home, HOME: userHome, XDG_CONFIG_HOME: join(userHome, '.config') })
  const previousCwd = process.cwd()
  process.chdir(root)
  return {
    root,
    home,
    userHome,
    env,
    secrets,
    random,
    dir: (...parts) => {
      const path = join(root, ...parts)
      mkdirSync(path, { recursive: true })
      return realpathSync(path)
    },
    key: (kind, label) => secrets.add(label, fakeKey(kind, random)),
    expectedKey: (cwd, bindings) => {
      if (!cwd.startsWith('/') || cwd.includes('\0')) return null
      let real: string
      try {
        real = realpathSync(cwd)
      } catch {
        return null
      }
      const byDir = new Map(bindings.map((b) => [b.dir, b.key]))
      for (let current = real; ; current = dirname(current)) {
        const key = byDir.get(current)
        if (key !== undefined) return key
        if (dirname(current) === current) return null
      }
    },
    cleanup: () => {
      process.chdir(previousCwd)
      rmSync(root, { recursive: true, force: true })
    },
  }
}
