import { execFileSync } from 'node:child_process'
import { chmodSync, chownSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { cloneHostileRepo } from '../../support/hostile-repo'
import { hostileInputs, outcome } from '../support/hostile-table'

/*
 * Directories to bind and the .keyward.json a repository can carry: missing or looping paths, files
 * that are links, FIFOs, directories, too large, edited after allow or planted by another uid.
 */

hostileInputs('project-files', 'project directories and .keyward.json', (w) => {
  /** A directory holding `.keyward.json` made by `make`, resolved from below it. */
  const projectFileCase = (name: string, make: (file: string) => void) => () => {
    const dir = w.world.dir('repos', name)
    mkdirSync(join(dir, 'src'), { recursive: true })
    make(join(dir, '.keyward.json'))
    return outcome(() => w.vault.keys.resolve(join(dir, 'src'), undefined, 'direct'))
  }
  /** A root-owned sticky directory (like /tmp) with a `.keyward.json` owned by another uid. */
  const plantedDir = (name: string) => {
    const dir = w.world.dir(`sticky-${name}`)
    chmodSync(dir, 0o1777)
    mkdirSync(join(dir, 'work'), { recursive: true })
    writeFileSync(join(dir, '.keyward.json'), JSON.stringify({ profile: 'other' }))
    chownSync(join(dir, '.keyward.json'), 4242, 4242)
    return dir
  }

  return [
    // Paths
    {
      name: 'bind a missing directory',
      input: '<root>/missing',
      code: 'INVALID_INPUT',
      fragment: 'create it first',
      run: () => outcome(() => w.vault.bindings.set(join(w.world.root, 'missing'), 'main')),
    },
    { name: 'bind an unknown profile', input: 'use nope', code: 'NOT_FOUND', fragment: 'keyward list', run: () => outcome(() => w.vault.bindings.set(w.world.dir('projects', 'x'), 'nope')) },
    {
      name: 'bind an Admin-key profile',
      input: 'use org-admin',
      code: 'INVALID_INPUT',
      fragment: 'Admin key',
      run: () => outcome(() => w.vault.bindings.set(w.world.dir('projects', 'y'), 'org-admin')),
    },
    {
      name: 'bind a symlink loop',
      input: 'loop-a → loop-b → loop-a',
      code: 'INVALID_INPUT',
      fragment: 'cannot open the directory',
      run: () => {
        symlinkSync(join(w.world.root, 'loop-b'), join(w.world.root, 'loop-a'))
        symlinkSync(join(w.world.root, 'loop-a'), join(w.world.root, 'loop-b'))
        return outcome(() => w.vault.bindings.set(join(w.world.root, 'loop-a'), 'main'))
      },
    },
    {
      name: 'resolve in a symlink loop',
      input: 'helper in loop-a',
      code: 'INVALID_INPUT',
      fragment: 'loop-a',
      run: () => outcome(() => w.vault.keys.resolve(join(w.world.root, 'loop-a'), undefined, 'direct')),
    },
    {
      name: 'bind a regular file',
      input: '<root>/file.txt',
      code: 'INVALID_INPUT',
      fragment: 'directory',
      run: () => {
        writeFileSync(join(w.world.root, 'file.txt'), 'x')
        return outcome(() => w.vault.bindings.set(join(w.world.root, 'file.txt'), 'main'))
      },
    },
    {
      name: 'unbound directory',
      input: 'helper in <root>/elsewhere',
      code: 'NOT_BOUND',
      fragment: 'run: keyward use',
      run: () => outcome(() => w.vault.keys.resolve(w.world.dir('elsewhere'), undefined, 'direct')),
    },
    {
      name: 'project file not allowed',
      input: '.keyward.json {"profile":"other"}',
      code: 'NOT_ALLOWED',
      fragment: 'keyward allow',
      run: () => {
        const dir = w.world.dir('repos', 'cloned')
        writeFileSync(join(dir, '.keyward.json'), JSON.stringify({ profile: 'other' }))
        return outcome(() => w.vault.keys.resolve(dir, undefined, 'direct'))
      },
    },
    {
      name: 'project file edited after allow',
      input: '.keyward.json changed',
      code: 'NOT_ALLOWED',
      fragment: 'changed since it was allowed',
      run: async () => {
        const dir = w.world.dir('repos', 'edited')
        writeFileSync(join(dir, '.keyward.json'), JSON.stringify({ profile: 'other' }))
        await w.vault.bindings.allow(dir)
        writeFileSync(join(dir, '.keyward.json'), JSON.stringify({ profile: 'main' }))
        return outcome(() => w.vault.keys.resolve(dir, undefined, 'direct'))
      },
    },
    {
      name: 'project file that is not JSON',
      input: '.keyward.json "{profile"',
      code: 'INVALID_INPUT',
      fragment: '.keyward.json',
      run: () => {
        const dir = w.world.dir('repos', 'broken')
        writeFileSync(join(dir, '.keyward.json'), '{profile')
        return outcome(() => w.vault.keys.resolve(dir, undefined, 'direct'))
      },
    },
    {
      name: '.keyward.json links to /dev/zero (cloned)',
      input: '.keyward.json -> /dev/zero',
      code: 'INVALID_INPUT',
      fragment: 'a symbolic link, which Keyward never follows in a project',
      run: () => {
        const clone = cloneHostileRepo(w.world.dir('git-origins'), join(w.world.root, 'repos', 'zero-clone'), [
          { path: '.keyward.json', link: '/dev/zero' },
          { path: 'src/index.ts', text: '' },
        ])
        return outcome(() => w.vault.keys.resolve(join(clone, 'src'), undefined, 'direct'))
      },
    },
    {
      name: '.keyward.json is a FIFO',
      input: 'mkfifo .keyward.json',
      code: 'INVALID_INPUT',
      fragment: 'a FIFO (named pipe), not a regular file',
      run: projectFileCase('fifo', (file) => execFileSync('mkfifo', [file])),
    },
    { name: '.keyward.json is a directory', input: 'mkdir .keyward.json', code: 'INVALID_INPUT', fragment: 'a directory, not a regular file', run: projectFileCase('dir', (file) => mkdirSync(file)) },
    {
      name: '.keyward.json over 64 KiB',
      input: '{"profile":"other", 70 KB of padding}',
      code: 'INVALID_INPUT',
      fragment: 'larger than 65536 bytes',
      run: projectFileCase('big', (file) => writeFileSync(file, JSON.stringify({ profile: 'other', pad: ' '.repeat(70_000) }))),
    },
    {
      name: '.keyward.json planted by another uid',
      input: 'sticky dir/.keyward.json owned by uid 4242; which below it',
      code: 'exit 3',
      fragment: 'it belongs to uid 4242, neither you nor root',
      needsRoot: true,
      run: () => w.cli(['which', '--dir', join(plantedDir('which'), 'work')]),
    },
    {
      name: 'allow a .keyward.json planted by another uid',
      input: 'allow below sticky dir/.keyward.json (uid 4242)',
      code: 'NOT_FOUND',
      fragment: 'nothing to allow (ignored',
      needsRoot: true,
      run: () => outcome(() => w.vault.bindings.allow(join(plantedDir('allow'), 'work'))),
    },
  ]
})
