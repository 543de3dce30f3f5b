/**
 * The emulator-scale bench's worker, built by `emulator-scale.mjs`: serves a seeded org of the
 * size given in argv (`KEYS PEOPLE DAYS`) with a real clock and prints its URL and key on one
 * line; then, for every `rss` line on stdin, prints this process's peak and current RSS (bytes).
 * The fetching happens in the parent, so the figures are the emulator's own.
 */
import { createInterface } from 'node:readline'
import { startEmulator } from '../electron/emulator'

const [keys = '20000', people = '5000', days = '90'] = process.argv.slice(2)
const emulator = await startEmulator({ seed: 42, keys: Number(keys), people: Number(people), days: Number(days) })
// The key goes to the parent over stdout (a pipe), never argv or a file.
process.stdout.write(`${JSON.stringify({ baseURL: emulator.baseURL, adminKey: emulator.adminKey })}\n`)
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === 'rss') process.stdout.write(`${JSON.stringify({ maxRss: process.resourceUsage().maxRSS * 1024, rss: process.memoryUsage().rss })}\n`)
}
await emulator.close()
