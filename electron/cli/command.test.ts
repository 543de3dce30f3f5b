import { describe, expect, it } from 'vitest'
import { parseFlags } from './command'

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
