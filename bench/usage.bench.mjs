// The usage benchmark (`npm run bench` runs it after bench/run.js): an emulator seeded with
// 2,000 keys × 500 people × 6 models × 90 days in one process, the real sync (official SDK, real cache) in
// another, so the sync's peak RSS is its own. Builds its TypeScript worker with vite first.
// Prints every figure and whether each target is met; exits 1 when one is not. In quick mode
// (KEYWARD_BENCH_QUICK=1, set by `bench/run.js --quick`) the org is small and no target is judged:
// it only checks that the bench runs whole.
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'

const root = resolve(fileURLToPath(new URL('..', import.meta.url)))
const outDir = join(root, 'out/bench')
const QUICK = process.env.KEYWARD_BENCH_QUICK === '1'
/**
 * The emulator's org for the worker: keys, people, days (the worker reads them from its argv).
 * `BENCH_ORG=KEYSxPEOPLE` (e.g. 20000x5000) or `--org KEYSxPEOPLE` sets the size; 90 days either way.
 */
const orgArg = process.argv.indexOf('--org')
const orgSize = (orgArg >= 0 ? process.argv[orgArg + 1] : process.env.BENCH_ORG) ?? ''
const sized = /^(\d+)x(\d+)$/.exec(orgSize)
if (orgSize !== '' && !sized) {
  console.error(`bench: BENCH_ORG / --org is ${JSON.stringify(orgSize)}; give KEYSxPEOPLE, e.g. 20000x5000`)
  process.exit(2)
}
const ORG = sized ? [sized[1], sized[2], '90'] : QUICK ? ['40', '10', '14'] : ['2000', '500', '90']

await build({
  configFile: false,
  logLevel: 'warn',
  root,
  define: { __KEYWARD_VERSION__: JSON.stringify('bench') },
  build: {
    ssr: join(root, 'bench/usage.bench.worker.ts'),
    outDir,
    target: 'node22',
    emptyOutDir: true,
    minify: false,
    rollupOptions: { output: { format: 'es', entryFileNames: 'usage-bench-worker.js' } },
  },
})
const worker = join(outDir, 'usage-bench-worker.js')

const emulator = spawn(process.execPath, [worker, 'emulator', ...ORG], { stdio: ['pipe', 'pipe', 'inherit'] })
const { baseURL, adminKey } = await new Promise((done, fail) => {
  createInterface({ input: emulator.stdout }).once('line', (line) => done(JSON.parse(line)))
  emulator.once('exit', (code) => fail(new Error(`the emulator exited with ${code}`)))
})

const child = spawn(process.execPath, [worker, 'sync', ...ORG], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, BENCH_BASE_URL: baseURL, BENCH_ADMIN_KEY: adminKey } })
let out = ''
child.stdout.on('data', (c) => (out += c))
const code = await new Promise((done) => child.once('exit', done))
emulator.stdin.end()
if (code !== 0) {
  console.error(`bench: the sync worker exited with ${code}`)
  process.exit(1)
}
const r = JSON.parse(out)

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(0)} MB`
const ms = (v) => `${v.toFixed(v < 10 ? 2 : 0)} ms`
const rows = [
  [`initial sync wall time (${ORG[2]} days, ${Number(ORG[0]).toLocaleString('en-US')} keys, ${ORG[1]} people)`, `${(r.initialMs / 1000).toFixed(1)} s`, null],
  ['initial sync report requests vs minimum', `${r.initialReports} vs ${r.minimum} (${(r.initialReports / r.minimum).toFixed(3)}×)`, r.initialReports <= 1.1 * r.minimum],
  ['  (plus catalog requests: keys, workspaces, limits)', `${r.initialAll - r.initialReports}`, null],
  [
    'steady-state report requests, no watermark move (trailing window only)',
    `${r.incrementalReports} (trailing window needs ${r.trailingMinimum}); ${(r.incrementalMs / 1000).toFixed(1)} s`,
    r.incrementalReports === r.trailingMinimum,
  ],
  [
    'steady-state report requests, watermark moved (open months again)',
    `${r.movedReports} vs ${r.movedMinimum} minimum (${r.openWindows} open-month windows); ${(r.movedMs / 1000).toFixed(1)} s`,
    null,
  ],
  ['peak RSS of the sync process (after sync)', `${mb(r.rssAfterSync)} (${mb(r.rssBefore)} before it started)`, r.rssAfterSync <= 300 * 1024 * 1024],
  ['  peak RSS including the query phase', mb(r.peakRss), null],
  ['cache open (org meta and series list)', ms(r.loadMs), null],
  ['p50 per-key totals, all keys, random range', ms(r.perKeyAllP50), r.perKeyAllP50 <= 20],
  ['p50 one key page (totals, models, days)', ms(r.perKeyOneP50), r.perKeyOneP50 <= 20],
  ['p50 tray summary (today, month to date, month-end projection)', ms(r.trayP50), r.trayP50 <= 5],
  ['p50 spike check after a sync (every key, trailing hours)', ms(r.spikeP50), null],
  ['p50 per-person totals, everyone, random range', ms(r.perPersonAllP50), r.perPersonAllP50 <= 20],
  ['p50 one person page (products, models, keys, days)', ms(r.personPageP50), r.personPageP50 <= 20],
  ['p50 People screen (everyone: split, daily trend, top key)', ms(r.peopleScreenP50), null],
]
console.log(
  `\nUsage sync and cache: ${r.keys} keys, ${r.people} people (${r.actors} identities), ${r.series} key×model×person×product series, ${r.rows.toLocaleString('en-US')} rows in ${r.windows.length} windows of the initial sync`,
)
for (const [what, value, ok] of rows) console.log(`  ${what.padEnd(58)} ${value.padEnd(40)} ${ok === null || QUICK ? '' : ok ? 'target met' : 'TARGET MISSED'}`)
if (QUICK) console.log('  (quick mode: a small org, no target judged)')
process.exit(!QUICK && rows.some(([, , ok]) => ok === false) ? 1 : 0)
