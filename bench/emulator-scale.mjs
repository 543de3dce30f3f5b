// The emulator at scale: serves an org of 20,000 keys × 5,000 people × 90 days (argv: KEYS PEOPLE
// DAYS) in its own process while this one reads every report a full sync reads (usage and cost,
// grouped by key, workspace, model, actor and product, daily buckets, 31-day windows, pages of
// 1,000 rows), keeping nothing. Prints the emulator's peak RSS, rows and time per window. Not
// part of `npm run bench`: run it by hand (`node bench/emulator-scale.mjs [keys people days]`).
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'

const root = resolve(fileURLToPath(new URL('..', import.meta.url)))
const outDir = join(root, 'out/bench-emulator-scale')
const ORG = process.argv.slice(2).length === 3 ? process.argv.slice(2) : ['20000', '5000', '90']
const HOUR = 3_600_000
const DAY = 24 * HOUR

await build({
  configFile: false,
  logLevel: 'warn',
  root,
  build: {
    ssr: join(root, 'bench/emulator-scale.worker.ts'),
    outDir,
    target: 'node22',
    emptyOutDir: true,
    minify: false,
    rollupOptions: { output: { format: 'es', entryFileNames: 'emulator-scale-worker.js' } },
  },
})

const started = Date.now()
const emulator = spawn(process.execPath, [join(outDir, 'emulator-scale-worker.js'), ...ORG], { stdio: ['pipe', 'pipe', 'inherit'] })
const lines = createInterface({ input: emulator.stdout })[Symbol.asyncIterator]()
const next = async () => JSON.parse((await lines.next()).value)
const { baseURL, adminKey } = await next()
const startupMs = Date.now() - started
const rss = async () => {
  emulator.stdin.write('rss\n')
  return next()
}
const afterStart = await rss()

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(0)} MB`
const headers = { 'x-api-key': adminKey, 'anthropic-version': '2023-06-01', 'anthropic-beta': 'analytics-usage-cost-2026-08-24' }
const end = Math.floor(Date.now() / HOUR) * HOUR
const start = Math.floor((end - Number(ORG[2]) * DAY) / DAY) * DAY
let requests = 0
let rows = 0
console.log(`Emulator at scale: ${ORG[0]} keys, ${ORG[1]} people, ${ORG[2]} days; started in ${(startupMs / 1000).toFixed(1)} s, RSS ${mb(afterStart.rss)}`)
for (let from = start; from < end; from += 31 * DAY) {
  const to = Math.min(from + 31 * DAY, end)
  const t0 = Date.now()
  let windowRows = 0
  for (const kind of ['usage', 'cost']) {
    let page = null
    do {
      const q = new URLSearchParams({ starting_at: new Date(from).toISOString(), ending_at: new Date(to).toISOString(), time_bucket_width: '1d', limit: '1000' })
      for (const g of ['api_key_id', 'workspace_id', 'model', 'actor', 'product']) q.append('group_by[]', g)
      if (page) q.set('page', page)
      const res = await fetch(`${baseURL}/v1/organizations/analytics/${kind}?${q}`, { headers })
      requests++
      if (!res.ok) throw new Error(`${kind} ${res.status}: ${(await res.text()).slice(0, 300)}`)
      const body = await res.json()
      windowRows += body.data.length
      page = body.has_more ? body.next_page : null
    } while (page)
  }
  rows += windowRows
  const r = await rss()
  console.log(
    `  window ${new Date(from).toISOString().slice(0, 10)}..${new Date(to).toISOString().slice(0, 10)}: ${windowRows.toLocaleString('en-US')} rows (usage + cost) in ${((Date.now() - t0) / 1000).toFixed(1)} s; emulator RSS ${mb(r.rss)}, peak ${mb(r.maxRss)}`,
  )
}
const last = await rss()
console.log(`  full sync: ${requests} requests, ${rows.toLocaleString('en-US')} rows in ${((Date.now() - started) / 1000).toFixed(1)} s; emulator peak RSS ${mb(last.maxRss)}`)
emulator.stdin.end()
