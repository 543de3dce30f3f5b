import { defineConfig } from '@playwright/test'

/**
 * Browser tests drive Debian's Chromium (never a downloaded browser) against the renderer served
 * by `keyward daemon --ui`; the Electron test launches the built app where its binary exists.
 * Every page is in UTC and en-US unless its spec sets another zone or locale (the daemons they
 * start are in UTC too: test/support/daemon.ts), so no result depends on the machine's.
 */
export default defineConfig({
  testDir: 'test',
  testMatch: ['e2e/**/*.spec.ts', 'electron/**/*.spec.ts'],
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [['list']],
  use: {
    headless: true,
    locale: 'en-US',
    timezoneId: 'UTC',
    launchOptions: {
      executablePath: process.env.KEYWARD_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
    },
  },
})
