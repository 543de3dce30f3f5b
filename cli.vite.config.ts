import { readFileSync } from 'node:fs'
import { defineConfig } from 'vite'

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string }

/**
 * Builds the `keyward` CLI (and so the daemon) for Node: `out/cli/keyward.js` plus one chunk per
 * lazily loaded command. Dependencies stay external and load from node_modules (or the app's asar).
 */
export default defineConfig({
  define: { __KEYWARD_VERSION__: JSON.stringify(version) },
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
