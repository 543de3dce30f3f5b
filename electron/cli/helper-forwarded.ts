import { isKeywardError } from '../../shared/keyward-error'
import { resolveProfile } from '../core/bindings/resolve'
import { createServingConfigReader } from '../core/config/serving-config'
import { forwardedSocketProblem, unreachable } from '../core/socket/forward/forwarded-location'
import { type KeyAnswer, askForKey } from '../core/socket/socket-client'
import type { HelperRequest } from './commands/helper'

/**
 * The helper's path on a remote machine with a socket forwarded from a laptop (`keyward ssh`): the
 * profile is chosen here, through this machine's own bindings (`keyward use NAME --dir DIR` records a
 * name, no key), or `--profile`; the key comes from the laptop. Zod-free, like the direct path.
 */
export async function askForwarded(dataDir: string, path: string, request: HelperRequest): Promise<KeyAnswer> {
  const problem = forwardedSocketProblem(path)
  if (problem) return { kind: 'error', code: 'UNAVAILABLE', message: problem.message }
  let profile = request.profile
  let cwd = request.cwd
  if (profile === undefined) {
    try {
      const readConfig = createServingConfigReader(dataDir, async () => {
        const { createConfigStore } = await import('../core/config/config-store')
        return createConfigStore(dataDir).read()
      })
      const found = await resolveProfile(await readConfig(), request.cwd)
      profile = found.profile
      cwd = found.cwd
    } catch (error) {
      if (isKeywardError(error)) return { kind: 'error', code: error.code, message: error.message }
      throw error
    }
  }
  const answer = await askForKey({ path, dir: null, kind: 'data' }, { cwd, profile, ...(request.agent !== undefined && { agent: request.agent }) })
  if (answer.kind === 'absent') return { kind: 'error', code: 'UNAVAILABLE', message: unreachable(path) }
  return answer
}
