import { defineConfig } from 'vitest/config'

/**
 * Four projects: `node` (core, CLI, main with a mocked electron, shared, scripts), `jsdom`
 * (renderer components), `integration` (real keychain, real Claude Code, real processes), which
 * `npm run test:integration` runs inside a private D-Bus session, and `reliability` (leak scan,
 * fuzzing, isolation, load, crash safety, hostile inputs), which `npm run test:reliability` runs
 * the same way. docs/testing.md describes each.
 */
export default defineConfig({
  define: { __KEYWARD_VERSION__: JSON.stringify('0.0.0-test') },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['electron/**/*.test.ts', 'shared/**/*.test.ts', 'scripts/**/*.test.ts'],
          // Many node tests start a real emulator or socket server; on a loaded 2-core machine the
          // default 5 s is a timing assertion in disguise. Speed belongs in npm run bench.
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'jsdom',
          environment: 'jsdom',
          include: ['renderer/**/*.test.{ts,tsx}'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          environment: 'node',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'reliability',
          environment: 'node',
          include: ['test/reliability/**/*.test.ts'],
          testTimeout: 240_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
})
