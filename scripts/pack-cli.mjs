// `npm run pack:cli`: the Keyward CLI as an npm package for servers, containers and WSL
// (out/keyward-cli-<version>.tgz). Built JavaScript only, its pure-JS dependencies bundled in
// (KEYWARD_CLI_BUNDLE, see cli.vite.config.ts), so `npm install -g ./keyward-cli-….tgz` needs no
// registry, no toolchain and no Electron; the native modules are optional dependencies: without
// keytar the CLI says the keychain backend is unavailable, without koffi the daemon does not
// identify socket callers. The dashboard (daemon --ui) is included when `npm run build` built it.
import { execFileSync } from 'node:child_process'
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const app = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const stage = join(root, 'out', 'cli-package')
const bin = (name) => join(root, 'node_modules', '.bin', name)

rmSync(stage, { recursive: true, force: true })
mkdirSync(join(stage, 'bin'), { recursive: true })
execFileSync(bin('vite'), ['build', '--config', 'cli.vite.config.ts', '--outDir', join(stage, 'out', 'cli'), '--logLevel', 'warn'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, KEYWARD_CLI_BUNDLE: '1' },
})
cpSync(join(root, 'bin', 'keyward'), join(stage, 'bin', 'keyward'))
chmodSync(join(stage, 'bin', 'keyward'), 0o755)
const renderer = join(root, 'out', 'renderer')
if (existsSync(renderer)) cpSync(renderer, join(stage, 'out', 'renderer'), { recursive: true })
else console.warn('pack:cli: out/renderer is not built (npm run build), so this package has no dashboard for keyward daemon --ui')
cpSync(join(root, 'README.md'), join(stage, 'README.md'))

const optional = Object.fromEntries(['keytar', 'koffi'].map((name) => [name, app.dependencies[name]]))
writeFileSync(
  join(stage, 'package.json'),
  `${JSON.stringify(
    {
      name: 'keyward-cli',
      version: app.version,
      description: 'The Keyward CLI without the desktop app: keyward helper, exec, env, daemon and ssh for servers, containers and WSL.',
      type: 'module',
      bin: { keyward: 'bin/keyward' },
      files: ['bin', 'out', 'README.md'],
      engines: app.engines,
      optionalDependencies: optional,
    },
    null,
    2,
  )}\n`,
)
const out = execFileSync('npm', ['pack', '--pack-destination', join(root, 'out'), '--json'], { cwd: stage, encoding: 'utf8' })
const [{ filename }] = JSON.parse(out)
console.log(join(root, 'out', filename))
