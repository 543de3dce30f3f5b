// Makes a usage cache for the status line's start-up figure (bench/run.js builds and runs it): the
// emulator's seeded org synced through the real sync into `<target>/usage.db`, then the full key of
// its busiest API key on stdout (a fake emulator key, which the bench stores as a profile).
import { cpSync } from 'node:fs'
import { join } from 'node:path'
import { dumpUsage } from '../electron/core/usage/store/store.test-support'
import { startUsageTestKit } from '../electron/core/usage/usage.test-support'

const [target, keys = '300', days = '60'] = process.argv.slice(2)
if (!target) throw new Error('usage: statusline-cache.worker TARGET_DATA_DIR [KEYS] [DAYS]')
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
