import { PassThrough } from 'node:stream'
import { describe, expect, it, vi } from 'vitest'
import { jsonForTerminal } from '../../shared/terminal-text'
import { parseFlags, printJson } from './command'
import { type CliIO, terminalSafeIO } from './io'

const options = { from: { type: 'string' }, json: { type: 'boolean' } } as const

/** The message parseFlags rejects `args` with. */
function problem(args: string[]): string {
  try {
    parseFlags(args, options, false)
  } catch (error) {
    return (error as Error).message
  }
  throw new Error('expected a usage error')
}

describe('parseFlags: one style for usage errors', () => {
  it("says what is wrong with which flag and what to do, like the commands' own checks", () => {
    expect(problem(['--frm', 'x'])).toBe('unknown option --frm; --help lists the options')
    expect(problem(['--from'])).toBe('--from needs a value, e.g. --from VALUE')
    expect(problem(['--json=yes'])).toBe('--json takes no value')
    expect(problem(['extra'])).toBe('unexpected argument "extra"; --help lists what this command takes')
  })
  it('never ends in a full stop or starts with a capital, as no other usage error does', () => {
    for (const args of [['--frm'], ['--from'], ['--json=1'], ['x']]) expect(problem(args)).toMatch(/^[-a-z].*[^.]$/)
  })
})

describe('printJson', () => {
  const value = { name: 'batch\u001b[2J\u202egnp.exe', del: '\u007f', lines: 'a\nb' }
  const recording = (): { io: CliIO; out: string[] } => {
    const out: string[] = []
    return { io: { stdout: { write: (text: string) => out.push(text) }, stderr: { write: () => true }, stdin: new PassThrough(), env: {}, cwd: '/' }, out }
  }

  it('writes the terminal-safe JSON to a plain io as one document', () => {
    const { io, out } = recording()
    printJson(io, value)
    expect(out.join('')).toBe(`${jsonForTerminal(value)}\n`)
    expect(JSON.parse(out.join(''))).toEqual(value)
  })

  it('goes around the terminal guard (its text is safe already), to the stream behind it, unchanged', () => {
    const { io, out } = recording()
    const guarded = terminalSafeIO(io)
    const throughGuard = vi.spyOn(guarded.stdout, 'write')
    printJson(guarded, value)
    expect(throughGuard).not.toHaveBeenCalled()
    expect(out.join('')).toBe(`${jsonForTerminal(value)}\n`)
  })
})
