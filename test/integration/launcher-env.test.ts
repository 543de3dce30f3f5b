import { randomBytes } from 'node:crypto'
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { secretServiceAvailable } from '../support/keyring'
import { runProcess } from '../support/run-process'

const keyring = await secretServiceAvailable()
if (!keyring.available) console.log(keyring.reason)

/**
 * A packaged Linux layout around the real launcher (resources/bin/keyward) and the real built CLI,
 * whose "app binary" behaves as Electron does: it runs the script as Node only when
 * ELECTRON_RUN_AS_NODE=1 is set, and refuses otherwise (a GUI start would need a display).
 */
function fakePackagedApp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'keyward-packaged-env-'))
  const app = join(dir, 'opt/Keyward')
  mkdirSync(join(app, 'resources/bin'), { recursive: true })
  copyFileSync(resolve('resources/bin/keyward'), join(app, 'resources/bin/keyward'))
  chmodSync(join(app, 'resources/bin/keyward'), 0o755)
  writeFileSync(join(app, 'keyward-app'), `#!/bin/sh\n[ "$ELECTRON_RUN_AS_NODE" = 1 ] || { echo "keyward-app: started as the GUI" >&2; exit 99; }\nexec '${process.execPath}' "$@"\n`)
  chmodSync(join(app, 'keyward-app'), 0o755)
  // app.asar/out is the repository's build: Node resolves the CLI's imports from its real path.
  mkdirSync(join(app, 'resources/app.asar'))
  symlinkSync(resolve('out'), join(app, 'resources/app.asar/out'))
  return join(app, 'resources/bin/keyward')
}

/** Runs `cmd` with this process's environment plus `env`. */
const run = (cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd: string, input = '') => runProcess(cmd, args, { env: { ...process.env, ...env }, cwd, input }).done

describe.skipIf(!keyring.available || process.platform === 'win32')('the packaged CLI launcher and `keyward exec`', () => {
  it('an exec child does not inherit ELECTRON_RUN_AS_NODE, so an Electron program it starts runs as itself', async () => {
    const launcher = fakePackagedApp()
    const home = mkdtempSync(join(tmpdir(), 'keyward-launcher-home-'))
    const project = realpathSync(mkdtempSync(join(tmpdir(), 'keyward-launcher-project-')))
    const env = { KEYWARD_HOME: home, ELECTRON_RUN_AS_NODE: undefined }
    const name = `launcher-${process.pid}`
    const key = `sk-ant-api03-${randomBytes(120)
      .toString('base64')
      .replace(/[^A-Za-z0-9]/g, '')
      .slice(0, 91)}igAA`

    expect(await run(launcher, ['add', name], env, project, `${key}\n`)).toMatchObject({ code: 0 })
    try {
      expect(await run(launcher, ['use', name], env, project)).toMatchObject({ code: 0 })
      // The child reports what an Electron binary would look at, and whether it got the key at all.
      const report =
        'process.stdout.write(JSON.stringify({ runAsNode: process.env.ELECTRON_RUN_AS_NODE ?? null, hasKey: process.env.ANTHROPIC_API_KEY === process.env.EXPECTED_KEY, launcher: process.env.KEYWARD_LAUNCHER ?? null }))'
      const exec = await run(launcher, ['exec', '--', process.execPath, '-e', report], { ...env, EXPECTED_KEY: key }, project)
      expect(exec).toMatchObject({ code: 0, stderr: '' })
      expect(JSON.parse(exec.stdout)).toEqual({ runAsNode: null, hasKey: true, launcher })
      // Set by the user in the calling shell, it is still the launcher's (it overrides it to 1), and still not passed on.
      const preset = await run(launcher, ['exec', '--', process.execPath, '-e', report], { ...env, EXPECTED_KEY: key, ELECTRON_RUN_AS_NODE: '1' }, project)
      expect(JSON.parse(preset.stdout)).toMatchObject({ runAsNode: null, hasKey: true })
      expect(exec.stdout + exec.stderr).not.toContain(key)
    } finally {
      await run(launcher, ['remove', name, '--force'], env, project)
    }
  })
})
