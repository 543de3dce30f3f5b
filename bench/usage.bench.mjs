// The usage benchmark (`npm run bench` runs it after bench/run.js): an emulator seeded with
// 2,000 keys × 500 people × 6 models × 90 days in one process, the real sync (official SDK, real cache) in
// another, so the sync's peak RSS is its own. Builds its TypeScript worker with vite first.
// Prints every figure and whether each target is met; exits 1 when one is not. In quick mode
// (KEYWARD_BENCH_QUICK=1, set by `bench/run.js --quick`) the org is small and no target is judged:
// it only checks that the bench runs whole.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
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

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')
const loadAtStart = load()

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

const dataDir = mkdtempSync(join(tmpdir(), 'keyward-usage-bench-'))
const child = spawn(process.execPath, [worker, 'sync', ...ORG], {
  stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, BENCH_BASE_URL: baseURL, BENCH_ADMIN_KEY: adminKey, BENCH_DATA_DIR: dataDir },
})
let out = ''
child.stdout.on('data', (c) => (out += c))
const code = await new Promise((done) => child.once('exit', done))
emulator.stdin.end()
if (code !== 0) {
  console.error(`bench: the sync worker exited with ${code}`)
  process.exit(1)
}
const r = JSON.parse(out)

/**
 * `keyward usage --by key|user` for the month on the synced store, as a user runs it: the whole
 * process's wall time and peak RSS (GNU time's %M; not measured where /usr/bin/time is missing).
 */
function cliRun(by) {
  const cli = join(root, 'bin/keyward')
  const args = ['usage', '--by', by, '--org', 'bench', '--tz', 'UTC', '--json']
  const env = { ...process.env, KEYWARD_HOME: dataDir }
  const timed = existsSync('/usr/bin/time')
  const t = performance.now()
  const run = timed
    ? spawnSync('/usr/bin/time', ['-f', 'KEYWARD_BENCH_RSS_KB=%M', cli, ...args], { env, encoding: 'utf8', maxBuffer: 1 << 30 })
    : spawnSync(cli, args, { env, encoding: 'utf8', maxBuffer: 1 << 30 })
  const ms = performance.now() - t
  if (run.status !== 0) {
    console.error(`bench: keyward ${args.join(' ')} exited with ${run.status}: ${(run.stderr ?? '').slice(0, 400)}`)
    process.exit(1)
  }
  const kb = /KEYWARD_BENCH_RSS_KB=(\d+)/.exec(run.stderr ?? '')
  return { ms, rss: kb ? Number(kb[1]) * 1024 : null }
}
const byKey = existsSync(join(root, 'out/cli')) ? cliRun('key') : null
const byUser = existsSync(join(root, 'out/cli')) ? cliRun('user') : null
if (process.env.BENCH_KEEP_DB === '1') console.error(`bench: kept ${dataDir}`)
else rmSync(dataDir, { recursive: true, force: true })
/** The targets by org size: 20,000 keys has its own (its figures grow with the org). */
const LARGE = Number(ORG[0]) >= 10_000
const T = LARGE ? { perKey: 50, perPerson: null, tray: 5, people: 300, onePage: null } : { perKey: 20, perPerson: 20, tray: 5, people: 100, onePage: 20 }
const within = (v, limit) => (limit === null ? null : v <= limit)

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
  ['peak RSS of the same process after the queries below (a daemon)', mb(r.peakRss), r.peakRss <= 300 * 1024 * 1024],
  ['cache open (org meta and series list)', ms(r.loadMs), null],
  ['p50 per-key totals, all keys, random range', ms(r.perKeyAllP50), within(r.perKeyAllP50, T.perKey)],
  ['p50 one key page (totals, models, days)', ms(r.perKeyOneP50), within(r.perKeyOneP50, T.onePage)],
  ['p50 tray summary (today, month to date, month-end projection)', ms(r.trayP50), within(r.trayP50, T.tray)],
  ['p50 spike check after a sync (every key, trailing hours)', ms(r.spikeP50), null],
  ['p50 per-person totals, everyone, random range', ms(r.perPersonAllP50), within(r.perPersonAllP50, T.perPerson)],
  ['p50 one person page (products, models, keys, days)', ms(r.personPageP50), within(r.personPageP50, T.onePage)],
  ['p50 People screen (first page of 100: split, daily trend, top key)', ms(r.peopleScreenP50), within(r.peopleScreenP50, T.people)],
  ...[
    ['key', byKey],
    ['user', byUser],
  ].flatMap(([by, run]) =>
    run === null
      ? [[`keyward usage --by ${by} for the month (whole process)`, 'not measured: run npm run build first', null]]
      : [
          [`keyward usage --by ${by} for the month (whole process)`, `${(run.ms / 1000).toFixed(2)} s`, LARGE ? run.ms <= 2000 : null],
          [`  its peak RSS`, run.rss === null ? 'not measured (no /usr/bin/time)' : mb(run.rss), run.rss === null ? null : run.rss <= 300 * 1024 * 1024],
        ],
  ),
]
console.log(
  `\nUsage sync and cache: ${r.keys} keys, ${r.people} people (${r.actors} identities), ${r.series} key×model×person×product series, ${r.rows.toLocaleString('en-US')} rows in ${r.windows.length} windows of the initial sync`,
)
console.log(`  load average (1, 5, 15 min): ${loadAtStart} at start, ${load()} at the end`)
for (const [what, value, ok] of rows) console.log(`  ${what.padEnd(58)} ${value.padEnd(40)} ${ok === null || QUICK ? '' : ok ? 'target met' : 'TARGET MISSED'}`)
if (QUICK) console.log('  (quick mode: a small org, no target judged)')
process.exit(!QUICK && rows.some(([, , ok]) => ok === false) ? 1 : 0)
