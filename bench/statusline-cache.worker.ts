// Makes a usage cache for the status line's start-up figure (bench/run.js builds and runs it): the
// emulator's seeded org synced through the real sync into `<target>/usage.db`, then the full key of
// its busiest API key on stdout (a fake emulator key, which the bench stores as a profile).
// `--figures TARGET`: then writes the status line's figures file there, as the app or daemon does after a sync.
import { cpSync } from 'node:fs'
import { join } from 'node:path'
import { createFiguresRefresher } from '../electron/core/serving/statusline/figures-refresher'
import { dumpUsage } from '../electron/core/usage/store/store.test-support'
import { startUsageTestKit } from '../electron/core/usage/usage.test-support'

if (process.argv[2] === '--figures') {
  const logged: string[] = []
  await createFiguresRefresher(process.argv[3]!, (line) => logged.push(line)).refresh()
  if (logged.length > 0) throw new Error(logged.join('\n'))
  process.exit(0)
}
const [target, keys = '300', days = '60'] = process.argv.slice(2)
if (!target) throw new Error('usage: statusline-cache.worker TARGET_DATA_DIR [KEYS] [DAYS], or --figures TARGET_DATA_DIR')
const kit = await startUsageTestKit({ emulator: { seed: 7, keys: Number(keys), days: Number(days) } })
try {
  await kit.sync.syncNow()
  const rows = dumpUsage(kit.store, 'emu').length
  // Closing checkpoints the write-ahead log into the file, so the one file is the whole store.
  kit.store.close()
  cpSync(join(kit.dataDir, 'usage.db'), join(target, 'usage.db'))
  const month = new Date().toISOString().slice(0, 8)
  const summary = await kit.queries.summary({ range: { from: `${month}01`, to: new Date().toISOString().slice(0, 10), timeZone: 'UTC' }, groupBy: 'key' })
  const busiest = kit.emulator.state.apiKeys.find((k) => k.wire.id === summary.groups[0]?.id) ?? kit.emulator.state.apiKeys[0]!
  process.stdout.write(`${JSON.stringify({ secret: busiest.secret, rows })}\n`)
} finally {
  await kit.close()
}
