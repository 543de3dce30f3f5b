import { describe, expect, it } from 'vitest'
import { connectionOptions, destinationHost, parseSshArgs } from './ssh-args'

describe('keyward ssh arguments', () => {
  it('splits options, destination and command the way ssh does', () => {
    expect(parseSshArgs(['-p', '2222', '-At', '-iid', '-o', 'User=x', 'dev@box', 'ls', '-la'])).toEqual({
      tokens: ['-p', '2222', '-At', '-iid', '-o', 'User=x'],
      options: [{ letter: 'p', value: '2222' }, { letter: 'A' }, { letter: 't' }, { letter: 'i', value: 'id' }, { letter: 'o', value: 'User=x' }],
      destination: 'dev@box',
      command: ['ls', '-la'],
    })
    expect(parseSshArgs(['--', '-weird-host'])).toMatchObject({ destination: '-weird-host', command: [] })
  })

  it('refuses what is not a session, an unknown option, a missing value or host, saying what to do', () => {
    expect(() => parseSshArgs(['-f', 'box'])).toThrow(/keyward ssh -N HOST in another terminal/)
    expect(() => parseSshArgs(['-W', 'h:22', 'box'])).toThrow(/-W/)
    expect(() => parseSshArgs(['-Z', 'box'])).toThrow(/unknown ssh option -Z/)
    expect(() => parseSshArgs(['-p'])).toThrow(/-p needs a value/)
    expect(() => parseSshArgs(['-v'])).toThrow(/needs a host/)
  })

  it('keeps only how-to-reach options for the clean-up connection (no forwards, tty or -N)', () => {
    const { options } = parseSshArgs(['-F', 'cfg', '-tt', '-N', '-L', '1:h:2', '-J', 'jump', '-4', 'box'])
    expect(connectionOptions(options)).toEqual(['-F', 'cfg', '-J', 'jump', '-4'])
  })

  it('names the host for the audit log and the prompt', () => {
    expect(destinationHost('dev@box')).toBe('box')
    expect(destinationHost('box')).toBe('box')
    expect(destinationHost('ssh://dev@box:2222')).toBe('box')
  })
})
