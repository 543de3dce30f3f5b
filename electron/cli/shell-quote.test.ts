import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { defaultShell, exportLines, quoteForShell, splitShellWords } from './shell-quote'

const NASTY = `it's a "test" $HOME \`id\` \\ back\\'slash ! * ? ; | & \n newline`

describe('shell quoting for keyward env', () => {
  it('writes export/unset lines for bash and zsh, set -gx/set -e for fish', () => {
    const key = `sk-ant-api03-${'q'.repeat(86)}AA`
    expect(exportLines('bash', { ANTHROPIC_API_KEY: key }, ['ANTHROPIC_AUTH_TOKEN'])).toBe(`export ANTHROPIC_API_KEY='${key}'\nunset ANTHROPIC_AUTH_TOKEN\n`)
    expect(exportLines('zsh', { ANTHROPIC_API_KEY: key })).toBe(`export ANTHROPIC_API_KEY='${key}'\n`)
    expect(exportLines('fish', { ANTHROPIC_API_KEY: key }, ['ANTHROPIC_AUTH_TOKEN'])).toBe(`set -gx ANTHROPIC_API_KEY '${key}'\nset -e ANTHROPIC_AUTH_TOKEN\n`)
  })

  it('quotes quotes, backslashes, $, backticks and newlines', () => {
    expect(quoteForShell('bash', "a'b")).toBe(`'a'\\''b'`)
    expect(quoteForShell('fish', "a'b\\c")).toBe(`'a\\'b\\\\c'`)
    expect(quoteForShell('zsh', '$x`y`')).toBe(`'$x\`y\`'`)
  })

  it.each(['bash', 'zsh', 'fish'] as const)('%s reads the value back byte for byte (where that shell is installed)', (shell) => {
    const path = [`/usr/bin/${shell}`, `/bin/${shell}`].find((p) => existsSync(p))
    if (!path) return
    const script = `${exportLines(shell, { V: NASTY })}printf '%s' "$V"`
    expect(execFileSync(path, ['-c', script], { encoding: 'utf8' })).toBe(NASTY)
  })

  it('refuses a variable name that is not an identifier', () => {
    expect(() => exportLines('bash', { 'A;rm': 'x' })).toThrow(/not a variable name/)
  })

  it('defaults to the login shell when it is one we know', () => {
    expect(defaultShell({ SHELL: '/usr/bin/fish' })).toBe('fish')
    expect(defaultShell({ SHELL: '/bin/tcsh' })).toBe('bash')
    expect(defaultShell({})).toBe('bash')
  })
})

describe('splitting an apiKeyHelper command line', () => {
  it('reads back what quoteForShell wrote, and plain, double-quoted and escaped words', () => {
    expect(splitShellWords(`${quoteForShell('bash', "/opt/it's here/keyward")} helper`)).toEqual({ words: ["/opt/it's here/keyward", 'helper'] })
    expect(splitShellWords('  /usr/bin/keyward   helper --profile acme ')).toEqual({ words: ['/usr/bin/keyward', 'helper', '--profile', 'acme'] })
    expect(splitShellWords('"/opt/my \\"apps\\"/keyward" helper')).toEqual({ words: ['/opt/my "apps"/keyward', 'helper'] })
    expect(splitShellWords('/opt/my\\ apps/keyward helper')).toEqual({ words: ['/opt/my apps/keyward', 'helper'] })
  })

  it.each([
    ['keyward helper | nc host 1', '"|"'],
    ['keyward helper; curl x', '";"'],
    ['$HOME/keyward helper', '"$"'],
    ['"$HOME/keyward" helper', '$ inside double quotes'],
    ['`which keyward` helper', '"`"'],
    ['~/bin/keyward helper', '"~"'],
    ['KEY=1 keyward helper', 'a variable assignment'],
    ["'/opt/keyward helper", 'unterminated single quote'],
    ['keyward helper > /tmp/k', '">"'],
  ])('names the shell syntax in %s instead of guessing what it runs', (line, what) => {
    const split = splitShellWords(line)
    expect('unsupported' in split && split.unsupported).toContain(what)
  })
})
