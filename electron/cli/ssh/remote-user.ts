import { execFile } from 'node:child_process'
import { KeywardError } from '../../../shared/errors'

/**
 * The user ssh will log in as on `destination` with these options, from `ssh -G` (which reads the
 * same ssh_config, -l and user@ as the session, without connecting). It names the remote socket.
 */
export function remoteUser(ssh: string, tokens: readonly string[], destination: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(ssh, [...tokens, '-G', '--', destination], { env, timeout: 10_000, maxBuffer: 1024 * 1024 }, (error, stdout, stderr) => {
      const user = /^user (.+)$/m.exec(stdout)?.[1]?.trim()
      if (!error && user) return resolve(user)
      const why = (stderr.split('\n').find((line) => line.trim() !== '') ?? error?.message ?? 'no user in its output').slice(0, 200)
      reject(new KeywardError('INVALID_INPUT', `ssh could not work out how to reach ${destination.slice(0, 100)} (${why}); check the host and options with: ssh -G HOST`))
    })
  })
}
