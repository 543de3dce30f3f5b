import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'

/** A real OpenSSH server on 127.0.0.1 with a temporary user who logs in with a key (docs/testing.md, "How the real components are started"). */
export interface TestSshd {
  readonly port: number
  readonly user: string
  readonly uid: number
  readonly home: string
  /** An ssh_config with Host `alias`: ssh -F clientConfig alias. */
  readonly clientConfig: string
  readonly alias: string
  stop(): void
}

/** Why a real sshd cannot run here (not root, no sshd), or null. */
export function sshdUnavailable(): string | null {
  if (process.platform !== 'linux') return `SKIPPED: the sshd test runs on Linux (this is ${process.platform})`
  if (process.getuid?.() !== 0) return 'SKIPPED: the sshd test needs root (it creates a temporary user with useradd); run npm test as root, as CI does'
  if (!existsSync('/usr/sbin/sshd')) return 'SKIPPED: /usr/sbin/sshd is missing (apt-get install openssh-server)'
  if (spawnSync('ssh', ['-V']).status !== 0) return 'SKIPPED: the ssh client is missing (apt-get install openssh-client)'
  return null
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

/**
 * Starts sshd from a temporary config in `dir` (host key, client key, logs), for a new user whose
 * home is `home` (created here; useradd -M, so userdel removes nothing else). `stop` kills exactly
 * the sshd it started (its PidFile) and deletes the user.
 */
export async function startSshd(dir: string, home: string, acceptEnv: readonly string[] = []): Promise<TestSshd> {
  const user = `kwt${process.pid % 100000}`
  mkdirSync(dir, { recursive: true })
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'host')])
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'id')])
  execFileSync('useradd', ['-M', '-d', home, '-s', '/bin/sh', user])
  execFileSync('usermod', ['-p', '*', user])
  const uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim())
  mkdirSync(join(home, '.ssh'), { recursive: true })
  writeFileSync(join(home, '.ssh', 'authorized_keys'), readFileSync(join(dir, 'id.pub')))
  for (const path of [home, join(home, '.ssh'), join(home, '.ssh', 'authorized_keys')]) chownSync(path, uid, uid)
  chmodSync(home, 0o700)
  chmodSync(join(home, '.ssh'), 0o700)
  chmodSync(join(home, '.ssh', 'authorized_keys'), 0o600)
  const port = await freePort()
  const pidFile = join(dir, 'sshd.pid')
  writeFileSync(
    join(dir, 'sshd_config'),
    [
      'ListenAddress 127.0.0.1',
      `Port ${port}`,
      `HostKey ${join(dir, 'host')}`,
      `PidFile ${pidFile}`,
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PubkeyAuthentication yes',
      'UsePAM no',
      'StrictModes no',
      'AllowStreamLocalForwarding yes',
      'StreamLocalBindUnlink yes',
      ...acceptEnv.map((name) => `AcceptEnv ${name}`),
      '',
    ].join('\n'),
  )
  const alias = 'kwtest'
  const clientConfig = join(dir, 'ssh_config')
  writeFileSync(
    clientConfig,
    [
      `Host ${alias}`,
      '  HostName 127.0.0.1',
      `  Port ${port}`,
      `  User ${user}`,
      `  IdentityFile ${join(dir, 'id')}`,
      '  IdentitiesOnly yes',
      '  StrictHostKeyChecking no',
      '  UserKnownHostsFile /dev/null',
      '  LogLevel ERROR',
      '',
    ].join('\n'),
  )
  mkdirSync('/run/sshd', { recursive: true })
  execFileSync('/usr/sbin/sshd', ['-f', join(dir, 'sshd_config'), '-E', join(dir, 'sshd.log')])
  // sshd daemonizes once listening and has written its PidFile; wait for it, bounded.
  for (let i = 0; i < 50 && !existsSync(pidFile); i++) await new Promise((r) => setTimeout(r, 100))
  return {
    port,
    user,
    uid,
    home,
    clientConfig,
    alias,
    stop() {
      if (existsSync(pidFile)) {
        const pid = Number(readFileSync(pidFile, 'utf8').trim())
        if (Number.isInteger(pid) && pid > 1) {
          try {
            process.kill(pid, 'SIGTERM')
          } catch {
            // Already gone.
          }
        }
      }
      spawnSync('userdel', [user])
    },
  }
}
