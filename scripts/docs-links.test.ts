import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

/*
 * Every relative link in README.md and docs/ points at a file that exists, and every `#anchor`
 * into a Markdown file names one of its headings, so moving or renaming a page cannot leave a
 * reference that points at nothing.
 */

const root = resolve(import.meta.dirname, '..')

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return markdownFiles(path)
    return name.endsWith('.md') ? [path] : []
  })
}

/** The Markdown without its fenced code blocks. */
function withoutFences(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '')
}

/** The text a reader sees as prose: fenced code blocks and inline code spans removed. */
function prose(markdown: string): string {
  return withoutFences(markdown).replace(/`[^`\n]*`/g, '')
}

/** Inline link and image targets, `[text](target)` / `![alt](target "title")`, in the order written. */
export function linkTargets(markdown: string): string[] {
  return [...prose(markdown).matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!)
}

/** GitHub's anchor for each heading: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
export function headingAnchors(markdown: string): Set<string> {
  const seen = new Map<string, number>()
  const anchors = new Set<string>()
  for (const match of withoutFences(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = match[1]!
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-')
    const count = seen.get(base) ?? 0
    seen.set(base, count + 1)
    anchors.add(count === 0 ? base : `${base}-${count}`)
  }
  return anchors
}

/** What is wrong with one link from `file`, or null when it resolves. External links are not checked. */
function brokenLink(file: string, target: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return null
  const [pathPart, anchor] = target.split('#', 2) as [string, string | undefined]
  const path = pathPart === '' ? file : resolve(dirname(file), decodeURI(pathPart))
  if (!existsSync(path)) return `${target}: no file ${relative(root, path)}`
  if (anchor === undefined || !path.endsWith('.md')) return null
  if (!headingAnchors(readFileSync(path, 'utf8')).has(anchor.toLowerCase())) return `${target}: ${relative(root, path)} has no heading #${anchor}`
  return null
}

describe('relative links in the README and docs', () => {
  const files = [join(root, 'README.md'), ...markdownFiles(join(root, 'docs'))]

  it('finds the pages and their links', () => {
    expect(files.length).toBeGreaterThan(5)
    expect(linkTargets(readFileSync(join(root, 'README.md'), 'utf8')).length).toBeGreaterThan(5)
  })

  it.each(files.map((file) => [relative(root, file), file]))('%s links only to files and headings that exist', (_name, file) => {
    const broken = linkTargets(readFileSync(file, 'utf8'))
      .map((target) => brokenLink(file, target))
      .filter((problem) => problem !== null)
    expect(broken).toEqual([])
  })
})

describe('the link checker itself', () => {
  it('reads inline links and images, but not links inside code', () => {
    const text = 'See [a](a.md#x) and ![b](img/b.png "B").\n\n```sh\n[c](c.md)\n```\n`[d](d.md)`\n'
    expect(linkTargets(text)).toEqual(['a.md#x', 'img/b.png'])
  })

  it('derives heading anchors as GitHub does', () => {
    const anchors = headingAnchors('# Keys, profiles and projects\n## The `keyward helper`\n## Setup\n## Setup\n')
    expect([...anchors]).toEqual(['keys-profiles-and-projects', 'the-keyward-helper', 'setup', 'setup-1'])
  })

  it('reports a link to a missing file and to a missing heading', () => {
    expect(brokenLink(join(root, 'README.md'), 'docs/no-such-page.md')).toMatch(/no file docs\/no-such-page\.md/)
    expect(brokenLink(join(root, 'README.md'), '#no-such-heading')).toMatch(/has no heading #no-such-heading/)
    expect(brokenLink(join(root, 'README.md'), 'https://example.com/x.md')).toBeNull()
  })
})
