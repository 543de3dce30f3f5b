import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { KeywardError } from '../../../shared/errors'
import { resolveDataDir } from '../../core/platform/paths'
import { type ForwardHello, forwardSocketLocation, remoteForwardPath } from '../../core/serving/forward/forward-wire'
import { socketLocation } from '../../core/serving/socket/socket-path'
import type { Command } from '../command'
import { EXIT_CODES_HELP } from '../exit-codes'
import type { CliIO } from '../io'
import { runInheritedChild } from '../run-child'
import { probeForwardSocket } from '../ssh/probe-forward-socket'
import { remoteUser } from '../ssh/remote-user'
import { type SshInvocation, connectionOptions, destinationHost, parseSshArgs } from '../ssh/ssh-args'
import { relayFileName, startSshRelay, sweepDeadRelays } from '../ssh/ssh-relay'
import { SOCKET_PROTOCOL_VERSION } from '../../core/serving/socket/wire'

/** What keyward ssh runs; tests point `ssh` at the system binary with their own config. */
export interface SshDeps {
  readonly ssh: string
}

/**
 * Runs `ssh` with the laptop's forwarding socket reverse-forwarded to the remote machine's
 * well-known path (/tmp/keyward-forward-USER.sock), through a per-session relay that tells the app
 * or daemon which host asks. Returns ssh's exit code. On exit the relay is closed and the remote
 * socket removed (a second, non-interactive ssh: sshd leaves forwarded socket files behind).
 */
export async function runSsh(invocation: SshInvocation, io: CliIO, deps: SshDeps = { ssh: 'ssh' }): Promise<number> {
  const keySocket = socketLocation(resolveDataDir(io.env), io.env)
  const upstream = forwardSocketLocation(keySocket)
  const user = await remoteUser(deps.ssh, invocation.tokens, invocation.destination, io.env)
  const host = `${user}@${destinationHost(invocation.destination)}`.replace(/[^A-Za-z0-9._@:%[\]-]/g, '_').slice(0, 255)
  const session = randomBytes(16).toString('hex')
  const hello: ForwardHello = { v: SOCKET_PROTOCOL_VERSION, op: 'forwarded', host, session }
  if (upstream.kind === 'pipe') throw new KeywardError('UNAVAILABLE', 'keyward ssh forwards a Unix socket, which Windows named pipes are not; run keyward ssh from WSL with the daemon there')
  if (upstream.dir === null || !(await probeForwardSocket(upstream.path, hello))) {
    throw new KeywardError('UNAVAILABLE', 'no Keyward app or daemon is running on this machine to forward keys from; start the app, or run: keyward daemon')
  }
  const remotePath = remoteForwardPath(user)
  await sweepDeadRelays(upstream.dir)
  const relay = await startSshRelay({ path: join(upstream.dir, relayFileName(session)), upstream: upstream.path, hello })
  if (process.stderr.isTTY) io.stderr.write(`keyward: forwarding keys marked forwardable to ${host} (tools there find ${remotePath} by themselves)\n`)
  let code: number
  try {
    code = await runChild(
      deps.ssh,
      ['-o', 'ExitOnForwardFailure=yes', '-o', 'StreamLocalBindUnlink=yes', '-R', `${remotePath}:${relay.path}`, ...invocation.tokens, '--', invocation.destination, ...invocation.command],
      io,
    )
  } finally {
    await relay.close()
  }
  if (code === 255) {
    // ssh could not connect, or the server refused the forwarding: nothing of this session is there to remove.
    io.stderr.write(
      `keyward: ssh exited with 255 (it could not connect, or the server refused to forward ${remotePath}: that needs AllowStreamLocalForwarding yes, and StreamLocalBindUnlink yes to replace a stale socket, in its sshd_config)\n`,
    )
    return code
  }
  const cleanup = await removeRemoteSocket(deps.ssh, invocation, remotePath, io.env)
  if (cleanup !== null) io.stderr.write(`keyward: could not remove ${remotePath} on ${host} (${cleanup}); tools there will say the laptop does not answer until the next keyward ssh\n`)
  return code
}

/** Runs the session's ssh with inherited stdio; 128+N when a signal N ended it, 127 when ssh is not found. */
function runChild(command: string, args: string[], io: CliIO): Promise<number> {
  return runInheritedChild(command, args, io, { env: io.env, notFound: "ssh is not installed (install OpenSSH's client)" })
}

/** Removes the forwarded socket on the remote with a non-interactive ssh; null when done, else why not. */
function removeRemoteSocket(ssh: string, invocation: SshInvocation, remotePath: string, env: NodeJS.ProcessEnv): Promise<string | null> {
  const args = [
    '-o',
    'BatchMode=yes',
    '-o',
    'ConnectTimeout=10',
    '-o',
    'ClearAllForwardings=yes',
    ...connectionOptions(invocation.options),
    '-T',
    '--',
    invocation.destination,
    `rm -f '${remotePath}'`,
  ]
  return new Promise((resolve) => {
    const child = spawn(ssh, args, { stdio: ['ignore', 'ignore', 'pipe'], env, timeout: 20_000 })
    let stderr = ''
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(0, 2000)))
    child.once('error', (error) => resolve(error.message))
    child.once('exit', (exitCode) => resolve(exitCode === 0 ? null : (stderr.split('\n').find((l) => l.trim() !== '') ?? `ssh exited with ${exitCode}`).slice(0, 200)))
  })
}

/** `keyward ssh`. */
export const sshCommand: Command = {
  summary: 'ssh to a host with keys forwarded from here (an ssh-agent for API keys)',
  help: `Usage: keyward ssh [ssh options…] HOST [command…]

Runs ssh to HOST with this machine's Keyward forwarding socket reverse-forwarded to
/tmp/keyward-forward-USER.sock there (USER: the remote login). On HOST, with Keyward installed and
no key stored, keyward helper, exec and env find that socket by themselves (or the path in
$KEYWARD_SOCKET) and get their key from here, for the profile HOST's own binding names
(keyward use NAME --dir DIR on HOST). Only profiles marked with keyward forward NAME are served;
guarded ones ask for approval here, naming HOST; every forwarded key is audited with the host.
The Keyward app or keyward daemon must be running here. When the session ends the socket on HOST
is removed (a second, non-interactive ssh; with password logins it may stay, and tools there then
say the laptop does not answer). The server needs AllowStreamLocalForwarding yes (the default) and
StreamLocalBindUnlink yes to replace a stale socket. Not supported: -f, -G, -O, -Q, -V, -W.
Exits with ssh's exit code.

${EXIT_CODES_HELP}`,
  run: (args, io) => runSsh(parseSshArgs(args), io),
}
