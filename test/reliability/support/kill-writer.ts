import { spawn } from 'node:child_process'
import { join, resolve } from 'node:path'

/** Bundles a writer fixture (test/reliability/fixtures/NAME.ts) into `work` as NAME.mjs, so a plain node child can run it; returns its path. */
export async function createWriterBundle(work: string, name: string): Promise<string> {
  const writer = join(work, `${name}.mjs`)
  const { build } = await import('rolldown')
  await build({ input: resolve(`test/reliability/fixtures/${name}.ts`), platform: 'node', write: true, logLevel: 'warn', output: { file: writer, format: 'esm' } })
  return writer
}

/** How to run a writer and when to kill it. */
export interface KillRun {
  readonly writer: string
  readonly args: string[]
  /** The random source (seeded) that picks the kill moment. */
  readonly random: () => number
  /** The kill comes 0 to this many ms after the first acknowledged write. */
  readonly maxDelayMs: number
  /** SIGKILL regardless after this long, so a writer that never acknowledges cannot hang the test. */
  readonly hardStopMs: number
  /** Written to the writer's stdin (then closed); stdin is ignored when absent. */
  readonly stdin?: string
  readonly env?: NodeJS.ProcessEnv
  /** Names the writer in the stderr it printed, when it printed any. */
  readonly label: string
}

/**
 * Runs a writer that prints the number of each write it has acknowledged, one a line, until its
 * first acknowledgement, then kills it with SIGKILL after a random delay; returns the last
 * acknowledged number and whether the kill (not a normal exit) ended it.
 */
export function runWriterAndKill(run: KillRun): Promise<{ acked: number; killed: boolean }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [run.writer, ...run.args], { stdio: [run.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'], ...(run.env !== undefined && { env: run.env }) })
    let acked = 0
    let armed = false
    let stderr = ''
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()))
    const hardStop = setTimeout(() => child.kill('SIGKILL'), run.hardStopMs)
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) if (line) acked = Number(line)
      if (!armed) {
        armed = true
        setTimeout(() => child.kill('SIGKILL'), Math.floor(run.random() * run.maxDelayMs))
      }
    })
    if (run.stdin !== undefined) child.stdin!.end(run.stdin)
    child.once('close', (_code, signal) => {
      clearTimeout(hardStop)
      if (stderr) console.log(`${run.label} stderr: ${stderr.slice(0, 500)}`)
      done({ acked, killed: signal === 'SIGKILL' })
    })
  })
}
