import { isKeywardError } from '../../../shared/keyward-error'
import { profileForDirectory } from '../../core/keys/bindings/resolve'
import { type ServingConfig, createServingConfigReader } from '../../core/platform/config/serving-config'
import { forwardedSocketProblem, unreachable } from '../../core/serving/forward/forwarded-location'
import { type KeyAnswer, askForKey } from '../../core/serving/socket/socket-client'
import type { HelperRequest } from './helper'

/**
 * The helper's path on a remote machine with a socket forwarded from a laptop (`keyward ssh`): the
 * profile is chosen here, through this machine's own bindings (`keyward use NAME --dir DIR` records a
 * name, no key), or `--profile`; the key comes from the laptop. Zod-free, like the direct path.
 * With `preferStored` (the well-known socket, not KEYWARD_SOCKET), a profile this machine stores
 * itself is not asked for: the answer is `absent`, and the caller reads its own keychain.
 */
export async function askForwarded(dataDir: string, path: string, request: HelperRequest, options: { preferStored?: boolean } = {}): Promise<KeyAnswer> {
  let profile = request.profile
  let cwd = request.cwd
  try {
    if (profile === undefined || options.preferStored) {
      const config = await readConfig(dataDir)
      if (profile === undefined) {
        const found = await profileForDirectory(config, request.cwd)
        profile = found.profile
        cwd = found.cwd
      }
      const name = profile
      if (options.preferStored && config.profiles.some((p) => p.name === name)) return { kind: 'absent' }
    }
  } catch (error) {
    if (isKeywardError(error)) return { kind: 'error', code: error.code, message: error.message }
    throw error
  }
  const problem = forwardedSocketProblem(path)
  if (problem) return { kind: 'error', code: 'UNAVAILABLE', message: problem.message }
  const answer = await askForKey({ path, dir: null, kind: 'data' }, { cwd, profile, ...(request.agent !== undefined && { agent: request.agent }) })
  if (answer.kind === 'absent') return { kind: 'error', code: 'UNAVAILABLE', message: unreachable(path) }
  return answer
}

function readConfig(dataDir: string): Promise<ServingConfig> {
  return createServingConfigReader(dataDir)()
}
