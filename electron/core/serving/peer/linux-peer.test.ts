import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs'
import { type Socket, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { loadOsPeerLookup } from './os-peer-lookup'
import { identifyCaller, isCommandWrapper } from './peer-identity'

const linux = process.platform === 'linux'
if (!linux) process.stdout.write('SKIPPED: the real peer-credential tests run on Linux only (SO_PEERCRED and /proc)\n')

let dir: string
const children: ChildProcess[] = []
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL')
  rmSync(dir, { recursive: true, force: true })
})

/** Starts a Unix socket server and a child (run by `shell` when given) that connects to it from `cwd` and stays connected; resolves with the accepted socket. */
async function connectFromChild(cwd: string, viaShell: boolean): Promise<{ socket: Socket; child: ChildProcess }> {
  const path = join(dir, 's.sock')
  const accepted = new Promise<Socket>((resolve) => {
    const server = createServer((socket) => {
      server.close()
      resolve(socket)
    }).listen(path)
  })
  const script = `require('node:net').connect(${JSON.stringify(path)}).on('connect', () => setTimeout(() => {}, 60000))`
  const child = viaShell
    ? // "; true" keeps the shell alive (a lone command may be exec'd by the shell itself), as Claude Code's sh -c may be.
      spawn('/bin/sh', ['-c', `${JSON.stringify(process.execPath)} -e ${JSON.stringify(script)}; true`], { cwd, stdio: 'ignore' })
    : spawn(process.execPath, ['-e', script], { cwd, stdio: 'ignore' })
  children.push(child)
  return { socket: await accepted, child }
}

describe.runIf(linux)('the Linux peer lookup, against a real Unix socket', () => {
  it('names the connecting child: its pid, the node binary, its working directory and start time', async () => {
    dir = mkdtempSync(join(tmpdir(), 'kw-peer-'))
    const lookup = await loadOsPeerLookup('linux')
    expect(lookup).not.toBeNull()
    const { socket, child } = await connectFromChild(dir, false)
    const caller = identifyCaller(socket, lookup!)
    socket.destroy()
    const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8')
    expect(caller?.peer).toEqual({
      pid: child.pid,
      uid: process.getuid!(),
      exe: realpathSync(process.execPath),
      cwd: realpathSync(dir),
      startTime: stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19],
    })
    // Spawned directly: the approval subject is this test process, the child's parent.
    expect(caller?.subject).toMatchObject({ pid: process.pid, exe: realpathSync(process.execPath) })
  })

  it('looks through a `sh -c` wrapper to the process that ran it, as for Claude Code running the helper', async () => {
    dir = mkdtempSync(join(tmpdir(), 'kw-peer-'))
    const lookup = await loadOsPeerLookup('linux')
    const { socket, child } = await connectFromChild(dir, true)
    const caller = identifyCaller(socket, lookup!)
    socket.destroy()
    // The peer is node, a child of the shell (child.pid); the subject skips the shell and is this process.
    expect(caller?.peer.exe).toBe(realpathSync(process.execPath))
    expect(caller?.peer.pid).not.toBe(child.pid)
    expect(readFileSync(`/proc/${caller!.peer.pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]).toBe(String(child.pid))
    expect(caller?.subject?.pid).toBe(process.pid)
  })
})

describe('isCommandWrapper', () => {
  it('is true for shells run with -c, false for interactive shells and other programs', () => {
    expect(isCommandWrapper('/usr/bin/dash', ['/bin/sh', '-c', 'keyward helper'])).toBe(true)
    expect(isCommandWrapper('/usr/bin/bash', ['bash', '-lc', 'x'])).toBe(true)
    expect(isCommandWrapper('/usr/bin/bash', ['-bash'])).toBe(false)
    expect(isCommandWrapper('/usr/bin/node', ['node', '-c', 'x'])).toBe(false)
  })
})
