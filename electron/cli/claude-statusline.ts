import { KeywardError } from '../../shared/errors'
import { quoteForShell } from './shell-quote'

/**
 * The `statusLine` setting `keyward claude setup --statusline` writes, given the one already there:
 * none → `{"type": "command", "command": "<keyward> statusline"}`; Keyward's own (plain or chained) →
 * kept as it is (setup runs again without chaining itself); another command status line → chained:
 * `<keyward> statusline --then '<its command>'`, its other properties (padding…) kept, so its line is
 * shown first and Keyward's fields after it. The old command is single-quoted for /bin/sh, byte for
 * byte, and undo restores the file as it was. Anything else there is refused with the line to write.
 */
export function statusLineFor(own: string, previous: unknown, file: string): unknown {
  if (previous === undefined) return { type: 'command', command: own }
  const old = previous as { type?: unknown; command?: unknown } | null
  if (typeof old === 'object' && old !== null && !Array.isArray(old) && old.type === 'command' && typeof old.command === 'string' && old.command.trim() !== '') {
    if (old.command === own || old.command.startsWith(`${own} `)) return previous
    return { ...old, command: `${own} --then ${quoteForShell('bash', old.command)}` }
  }
  throw new KeywardError(
    'CONFLICT',
    `"statusLine" in ${file} is not a command status line Keyward can run before its own; the file was not changed; remove it and run this again, or set "statusLine": {"type": "command", "command": ${JSON.stringify(`${own} --then 'YOUR COMMAND'`)}} by hand`,
  )
}
