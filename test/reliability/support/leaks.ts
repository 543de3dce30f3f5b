import { lstat, readFile, readdir, readlink } from 'node:fs/promises'
import { join } from 'node:path'
import { maskKey } from '../../../shared/keys.schema'

/**
 * The secret-leak detector. A secret counts as leaked when it appears in full, or when more of it
 * than the masked hint shows appears: a prefix one character longer than the hint's head (and
 * always at least one character after `sk-ant-api03-`/`sk-ant-admin01-`), or a suffix one
 * character longer than its tail.
 */

/** One needle to look for, and which secret (by label) it belongs to. */
export interface Needle {
  readonly label: string
  readonly kind: 'full' | 'prefix' | 'suffix'
  readonly text: string
}

/** A place a needle was found. */
export interface LeakHit {
  readonly where: string
  readonly label: string
  readonly kind: Needle['kind']
  /** Up to 40 characters either side, with the secret's own characters masked. */
  readonly context: string
}

const PREFIXES = ['sk-ant-api03-', 'sk-ant-admin01-']

/**
 * The needles for one secret: the whole key, its shortest unsafe prefix and its shortest unsafe
 * suffix, measured on the app's own hint (`maskKey`), so the scan follows the hint if it changes.
 */
export function needlesFor(label: string, secret: string): Needle[] {
  const [head = '', tail = ''] = maskKey(secret).split('…')
  const prefix = PREFIXES.find((p) => secret.startsWith(p)) ?? ''
  return [
    { label, kind: 'full', text: secret },
    { label, kind: 'prefix', text: secret.slice(0, Math.max(head.length, prefix.length) + 1) },
    { label, kind: 'suffix', text: secret.slice(-(tail.length + 1)) },
  ]
}

/** Collects secrets and their needles as a scenario creates them. */
export class SecretRegistry {
  private readonly needles: Needle[] = []
  private readonly secrets = new Map<string, string>()

  /** Registers a secret under a label (the profile or purpose) and returns it. */
  add(label: string, secret: string): string {
    this.secrets.set(label, secret)
    this.needles.push(...needlesFor(label, secret))
    return secret
  }

  /** Every registered secret by label. */
  all(): ReadonlyMap<string, string> {
    return this.secrets
  }

  /** Finds every needle in `text`; `where` names the source for the report. */
  scan(where: string, text: string): LeakHit[] {
    const hits: LeakHit[] = []
    for (const needle of this.needles) {
      let at = text.indexOf(needle.text)
      let count = 0
      while (at !== -1 && count < 3) {
        const start = Math.max(0, at - 40)
        const context = (text.slice(start, at) + '«' + needle.kind + ':' + needle.label + '»' + text.slice(at + needle.text.length, at + needle.text.length + 40)).replace(/\s+/g, ' ')
        hits.push({ where, label: needle.label, kind: needle.kind, context })
        at = text.indexOf(needle.text, at + 1)
        count++
      }
    }
    return hits
  }
}

/** Every regular file (and symlink target text) under `root`, read as latin1 so binary files scan too. */
export async function readTree(root: string, limitFiles = 5_000): Promise<{ path: string; text: string }[]> {
  const out: { path: string; text: string }[] = []
  async function walk(dir: string): Promise<void> {
    let entries: string[]
    try {
      entries = await readdir(dir)
    } catch {
      return
    }
    for (const name of entries) {
      if (out.length >= limitFiles) return
      const path = join(dir, name)
      const stat = await lstat(path).catch(() => null)
      if (!stat) continue
      // File names can leak too: scan the path itself.
      if (stat.isSymbolicLink()) out.push({ path, text: `${path} -> ${await readlink(path).catch(() => '')}` })
      else if (stat.isDirectory()) {
        out.push({ path, text: path })
        await walk(path)
      } else if (stat.isFile()) out.push({ path, text: `${path}\n${(await readFile(path).catch(() => Buffer.alloc(0))).toString('latin1')}` })
      else out.push({ path, text: path })
    }
  }
  await walk(root)
  return out
}
