import { expect } from 'vitest'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { type RepoEntry, cloneHostileRepo, snapshotTree } from '../../support/hostile-repo'
import { doctorHelperRows } from '../support/helper-and-amount-cases'
import { type Case, type Outcome, hostileInputs } from '../support/hostile-table'

/*
 * Claude Code settings that are not JSON objects, repositories that plant links where setup writes,
 * and apiKeyHelper commands keyward doctor must not call ok.
 */

hostileInputs('claude-code', 'Claude Code settings and hostile repositories', (w) => {
  /**
   * `keyward claude setup --scope project` (or `--undo`) in a clone of a repository that commits
   * `entries`, cloned into ~/code so that `../../../` from its `.claude` is the fake HOME; any
   * change outside the clone (bytes or mtimes) turns the outcome into CHANGED.
   */
  let clones = 0
  const claudeInHostileClone =
    (entries: readonly RepoEntry[], undo = false) =>
    async (): Promise<Outcome> => {
      const clone = cloneHostileRepo(w.world.dir('git-origins'), join(w.world.userHome, 'code', `hostile-${++clones}`), entries)
      const before = snapshotTree([w.world.userHome, w.world.dir('outside')], [clone])
      const result = await w.cli(['claude', 'setup', '--scope', 'project', ...(undo ? ['--undo'] : [])], { cwd: clone })
      const after = snapshotTree([w.world.userHome, w.world.dir('outside')], [clone])
      const changed = Object.keys({ ...before, ...after }).filter((path) => before[path] !== after[path])
      return changed.length > 0 ? { code: 'CHANGED', message: `changed outside the clone: ${changed.join(', ')}` } : result
    }
  return [
    // Claude Code settings.json variants
    ...(
      [
        ['settings.json is not JSON', '{"model": "x",', 'exit', 'not valid JSON'],
        ['settings.json with comments', '// mine\n{"model":"x"}', 'exit', 'not valid JSON'],
        ['settings.json is an array', '[1,2]', 'exit', 'settings.json'],
        ['settings.json is null', 'null', 'exit', 'settings.json'],
      ] as const
    ).map(([name, text, code, fragment]): Case => ({
      name,
      input: JSON.stringify(text),
      code: `${code} 1`,
      fragment,
      run: async () => {
        const path = join(w.world.userHome, '.claude', 'settings.json')
        mkdirSync(join(w.world.userHome, '.claude'), { recursive: true })
        writeFileSync(path, text)
        const result = await w.cli(['claude', 'setup', '--scope', 'user'])
        if (readFileSync(path, 'utf8') !== text) return { code: 'CHANGED', message: 'the broken settings.json was overwritten' }
        return result
      },
    })),
    {
      name: 'settings.json keeps other settings',
      input: '{"model":"x","env":{"A":"1"},"apiKeyHelper":"old"}',
      code: 'exit 0',
      fragment: '',
      run: async () => {
        const path = join(w.world.userHome, '.claude', 'settings.json')
        writeFileSync(path, JSON.stringify({ model: 'x', env: { A: '1' }, apiKeyHelper: 'old' }))
        const result = await w.cli(['claude', 'setup', '--scope', 'user'])
        const now = JSON.parse(readFileSync(path, 'utf8')) as { model?: string; env?: { A?: string }; apiKeyHelper?: string }
        if (now.model !== 'x' || now.env?.A !== '1' || !now.apiKeyHelper?.endsWith('helper')) return { code: 'LOST', message: JSON.stringify(now) }
        return { code: result.code, message: '' }
      },
    },
    {
      name: 'settings.json unreadable (a directory)',
      input: '.claude/settings.json/',
      code: 'exit 1',
      fragment: 'settings.json',
      run: async () => {
        const dir = w.world.dir('projects', 'claude-dir')
        mkdirSync(join(dir, '.claude', 'settings.json'), { recursive: true })
        return w.cli(['claude', 'setup', '--scope', 'project'], { cwd: dir })
      },
    },
    // --- hostile repositories: links, FIFOs and foreign files where Claude Code settings and .keyward.json live ---
    {
      name: 'claude setup: backup name links to ~/.bash_profile (missing)',
      input: '.claude/settings.json.keyward-backup -> ../../../.bash_profile',
      code: 'exit 1',
      fragment: 'is a symbolic link where an old Keyward backup would be',
      run: claudeInHostileClone([
        { path: '.claude/settings.json', text: '{"x": "$(id > pwned)"}\n' },
        { path: '.claude/settings.json.keyward-backup', link: '../../../.bash_profile' },
      ]),
      after: () => expect(existsSync(join(w.world.userHome, '.bash_profile'))).toBe(false),
    },
    {
      name: 'claude setup: backup name links to ~/.claude/settings.json',
      input: '.claude/settings.json.keyward-backup -> ../../../.claude/settings.json',
      code: 'exit 1',
      fragment: 'is a symbolic link where an old Keyward backup would be',
      run: claudeInHostileClone([
        { path: '.claude/settings.json', text: '{"hooks": {}}\n' },
        { path: '.claude/settings.json.keyward-backup', link: '../../../.claude/settings.json' },
      ]),
    },
    {
      name: 'claude setup --undo: backup name links out',
      input: '--undo with .keyward-backup -> ../../../.bash_profile',
      code: 'exit 1',
      fragment: 'where an old Keyward backup would be',
      run: claudeInHostileClone(
        [
          { path: '.claude/settings.json', text: '{}\n' },
          { path: '.claude/settings.json.keyward-backup', link: '../../../.bash_profile' },
        ],
        true,
      ),
    },
    {
      name: 'claude setup: "no file" marker links out',
      input: '.claude/settings.json.keyward-none -> ../../../.bash_profile',
      code: 'exit 1',
      fragment: 'which Keyward never follows',
      run: claudeInHostileClone([
        { path: '.claude/README.md', text: 'x' },
        { path: '.claude/settings.json.keyward-none', link: '../../../.bash_profile' },
      ]),
    },
    {
      name: 'claude setup: .claude is a symlink',
      input: '.claude -> <tmp>/outside',
      code: 'exit 1',
      fragment: '.claude is a symbolic link',
      run: () =>
        claudeInHostileClone([
          { path: 'README.md', text: 'x' },
          { path: '.claude', link: w.world.dir('outside') },
        ])(),
    },
    {
      name: 'claude setup: settings.json links out of the project',
      input: '.claude/settings.json -> ../../outside.json',
      code: 'exit 1',
      fragment: 'settings.json is a symbolic link (to "../../outside.json")',
      run: async () => {
        writeFileSync(join(w.world.userHome, 'code', 'outside.json'), '{"mine": true}\n')
        return claudeInHostileClone([{ path: '.claude/settings.json', link: '../../outside.json' }])()
      },
      after: () => expect(readFileSync(join(w.world.userHome, 'code', 'outside.json'), 'utf8')).toBe('{"mine": true}\n'),
    },
    ...doctorHelperRows((...parts) => w.world.dir(...parts)),
  ]
})
