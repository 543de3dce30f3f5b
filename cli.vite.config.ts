import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { type Plugin, build, defineConfig } from 'vite'
import { projectNode, writeDirectLauncher } from './electron/cli/launcher/direct-launcher'

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string }

/**
 * KEYWARD_CLI_BUNDLE=1 (scripts/pack-cli.mjs): the packed CLI for servers carries its pure-JS
 * dependencies inside its own files, so `npm install -g keyward-cli-….tgz` needs no registry and no
 * toolchain; only the native modules stay outside (keytar, koffi: optional dependencies).
 */
const bundleDependencies = process.env.KEYWARD_CLI_BUNDLE === '1'
/*
 * zod is bundled into the CLI's own chunks in every build: loaded from node_modules it is about a
 * hundred files (every locale of its messages included) that each command resolves and compiles at
 * start, some 80 ms of `keyward usage`; bundled, it is one chunk of what the schemas use.
 */
const ssr = bundleDependencies ? { noExternal: true as const, external: ['keytar', 'koffi'] } : { noExternal: ['zod'] }

/**
 * Builds the `keyward` CLI (and so the daemon) for Node: `out/cli/keyward.js` plus one chunk per
 * lazily loaded command. Dependencies other than zod stay external and load from node_modules (or the app's asar).
 * The helper gets its own build (see helperBuild).
 */
export default defineConfig({
  define: { __KEYWARD_VERSION__: JSON.stringify(version) },
  ...(ssr && { ssr }),
  plugins: [helperBuild('electron/cli/fast/helper-main.ts', 'helper', 'keyward', writeDirectLaunchers), helperBuild('electron/cli/fast/statusline-main.ts', 'statusline', 'keyward-statusline.cjs')],
  build: {
    ssr: 'electron/cli/main.ts',
    outDir: 'out/cli',
    target: 'node22',
    emptyOutDir: true,
    minify: false,
    rollupOptions: {
      output: { format: 'es', entryFileNames: 'keyward.js', chunkFileNames: '[name]-[hash].js' },
    },
  },
})

/**
 * `out/cli/helper/keyward` (and `out/cli/statusline/keyward-statusline.cjs`): the minimal entries
 * bin/keyward runs for `keyward helper` and `keyward statusline`, built as CommonJS because
 * Node starts a CJS file measurably faster than an ES module, and Claude Code runs both at every
 * session start (see bench/). Built after the main CLI, each into its own folder, so the main
 * build's emptyOutDir does not race them.
 */
function helperBuild(entry: string, folder: string, name: string, afterBuild?: (outDir: string) => void): Plugin {
  // Beside the main CLI's outDir (so `vite build --config cli.vite.config.ts --outDir DIR` builds both into DIR).
  let outDir = 'out/cli'
  return {
    name: `${folder}-cjs`,
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir
    },
    async closeBundle() {
      await build({
        configFile: false,
        logLevel: 'warn',
        define: { __KEYWARD_VERSION__: JSON.stringify(version) },
        ...(ssr && { ssr }),
        build: {
          ssr: entry,
          outDir: `${outDir}/${folder}`,
          target: 'node22',
          emptyOutDir: true,
          minify: false,
          rollupOptions: {
            // The helper's entry is also the direct launcher (helper-main.ts): these are built files beside it.
            external: ['../statusline/keyward-statusline.cjs', './full-cli.cjs'],
            output: {
              format: 'cjs',
              entryFileNames: name,
              chunkFileNames: '[name]-[hash].cjs',
              // `await import('keytar')` as require(): a real import() of a CommonJS package from CJS
              // output boots Node's ESM loader and lexes keytar, about 10 ms of the no-daemon helper.
              dynamicImportInCjs: false,
            },
          },
        },
      })
      // Node looks for the package.json above each CommonJS file it loads (for its "type"); one here
      // ends that walk at once instead of three misses and a read of the project's own package.json.
      writeFileSync(`${outDir}/${folder}/package.json`, `${JSON.stringify({ type: 'commonjs' })}\n`)
      afterBuild?.(outDir)
    },
  }
}

/**
 * `out/cli/helper/keyward` (and the legacy `out/cli/launcher/keyward`): bin/keyward's dispatch with
 * the project's own Node on its `#!` line (electron/cli/launcher/direct-launcher.ts), which `keyward
 * claude setup` writes into Claude Code's settings to spare the helper a shell start. Written after
 * the helper's build, which empties that folder. Not in the packed CLI (KEYWARD_CLI_BUNDLE): that
 * Node path is this machine's, so an installed package keeps bin/keyward.
 */
function writeDirectLaunchers(outDir: string): void {
  writeDirectLauncher(outDir, bundleDependencies ? null : projectNode(fileURLToPath(new URL('.', import.meta.url))))
}
