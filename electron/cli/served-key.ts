import { ErrorCode, KeywardError } from '../../shared/errors'
import { type HelperDeps, defaultHelperDeps, obtainKey } from './fast/helper'
import type { CliIO } from './io'

/**
 * The key for the working directory, the way `keyward helper` gets it (app or daemon first, else
 * the keychain directly), for commands that hand it on: `exec` and `env`. Throws KeywardError.
 */
export async function keyForWorkingDirectory(
  io: CliIO,
  options: { profile?: string | undefined; agent: string },
  deps: HelperDeps = defaultHelperDeps(io.env),
): Promise<{ profile: string; key: string }> {
  const answer = await obtainKey({ cwd: io.cwd, agent: (io.env.AI_AGENT ?? options.agent).slice(0, 256), ...(options.profile !== undefined && { profile: options.profile }) }, deps)
  if (answer.kind !== 'error' && answer.warning !== undefined) io.stderr.write(`keyward: warning: ${answer.warning}\n`)
  if (answer.kind === 'key') return { profile: answer.profile, key: answer.key }
  if (answer.kind === 'absent') throw new KeywardError('UNAVAILABLE', `could not get a key for ${io.cwd}; run: keyward doctor`)
  const code = ErrorCode.safeParse(answer.code)
  throw new KeywardError(code.success ? code.data : 'INTERNAL', answer.message)
}
