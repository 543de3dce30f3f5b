import { spawn } from 'node:child_process'
import { EventEmitter } from 'node:events'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { quietOnClosedPipe } from './closed-pipe'

/** Runs `bash -o pipefail -c script` (so a pipeline's status is its first failing member's) and collects its exit code and output. */
function sh(script: string): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((done) => {
    const child = spawn('bash', ['-o', 'pipefail', '-c', script], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (c: Buffer) => (out += c.toString()))
    child.stderr.on('data', (c: Buffer) => (err += c.toString()))
    child.on('close', (code) => done({ code, out, err }))
  })
}

describe('output to a pipe the reader closes early', () => {
  it('a real pipe into head: every line after the close is dropped, no EPIPE stack, and the program keeps its own exit code', async () => {
    // A small program that writes many lines through the same writer the CLI uses, then sets its exit code.
    const dir = mkdtempSync(join(tmpdir(), 'keyward-pipe-'))
    const script = join(dir, 'many-lines.mjs')
    const jiti = resolve('node_modules/jiti/lib/jiti-cli.mjs')
    writeFileSync(
      script,
      `const { quietOnClosedPipe } = await import(${JSON.stringify(resolve('electron/cli/closed-pipe.ts'))})
const out = quietOnClosedPipe(process.stdout)
for (let i = 0; i < 200000; i++) out.write('line ' + i + ' of a long listing that head stops reading after the first\\n')
await new Promise((r) => setTimeout(r, 50))
for (let i = 0; i < 1000; i++) out.write('more after the reader left\\n')
process.stderr.write('finished\\n')
process.exitCode = 3
`,
    )
    // EPIPE came intermittently (it depends on when head exits), so try a few times.
    for (let round = 0; round < 3; round++) {
      const result = await sh(`"${process.execPath}" "${jiti}" "${script}" | head -1`)
      expect(result.out).toBe('line 0 of a long listing that head stops reading after the first\n')
      expect(result.err).toBe('finished\n')
      expect(result.code).toBe(3)
    }
  }, 60_000)

  it('drops writes once the stream reported EPIPE, and rethrows any other stream error', () => {
    const stream = Object.assign(new EventEmitter(), {
      written: [] as string[],
      write(text: string) {
        this.written.push(text)
        return true
      },
    })
    const writer = quietOnClosedPipe(stream)
    expect(quietOnClosedPipe(stream)).toBe(writer)
    expect(stream.listenerCount('error')).toBe(1)
    writer.write('a\n')
    stream.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }))
    writer.write('b\n')
    expect(stream.written).toEqual(['a\n'])
    expect(() => stream.emit('error', Object.assign(new Error('write EIO'), { code: 'EIO' }))).toThrow('write EIO')
  })
})
