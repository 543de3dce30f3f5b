import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string }
const define = { __KEYWARD_VERSION__: JSON.stringify(version) }

/**
 * One entry per Electron process. Each preload (the dashboard's, the prompt window's) is one
 * isolated CommonJS file with its few dependencies bundled in, because a sandboxed preload cannot
 * load modules; the renderer builds two pages, the dashboard and the prompt window.
 */
export default defineConfig({
  main: {
    define,
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { index: resolve('electron/main/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      isolatedEntries: true,
      rollupOptions: {
        input: { index: resolve('electron/preload/index.ts'), prompt: resolve('electron/preload/prompt.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react()],
    build: {
      outDir: resolve('out/renderer'),
      rollupOptions: { input: { index: resolve('renderer/index.html'), prompt: resolve('renderer/prompt.html') } },
    },
  },
})
