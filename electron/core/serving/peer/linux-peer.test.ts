import { type ChildProcess, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { type Socket, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { followLinuxProcess, linuxProcess } from './linux-peer'
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

/**
 * A fake /proc/<pid> in a new `dir`: its stat (parent field 4, start time field 22, after a command
 * name in parentheses) and, when given, its exe and cwd links; the caller adds a cmdline.
 */
function fakeProc(pid: number, stat: { name: string; ppid: number; startTime: string }, links: { exe?: string; cwd?: string } = {}): string {
  dir = mkdtempSync(join(tmpdir(), 'kw-proc-'))
  mkdirSync(join(dir, String(pid)))
  writeFileSync(join(dir, String(pid), 'stat'), `${pid} (${stat.name}) S ${stat.ppid} ${'0 '.repeat(17)}${stat.startTime} 0 0\n`)
  for (const [link, target] of Object.entries(links)) symlinkSync(target, join(dir, String(pid), link))
  return join(dir, String(pid))
}

describe.runIf(linux)('followLinuxProcess: a connection’s peer, followed by its /proc descriptor', () => {
  it('reads the facts and then the working directory through one descriptor; nothing for a pid with no /proc entry', () => {
    // Field 2 holds a space and a parenthesis, as a command name may; field 22 is the start time.
    const entry = fakeProc(77, { name: 'a b) c', ppid: 1, startTime: '5555' }, { cwd: '/w/app', exe: '/usr/bin/node' })
    const opened = followLinuxProcess(77, dir)!
    // Not a shell: its command line is never read (there is none here), and it is no wrapper.
    expect(opened.facts).toMatchObject({ pid: 77, exe: '/usr/bin/node', cwd: '/w/app', startTime: '5555', ppid: 1, commandWrapper: false })
    rmSync(join(entry, 'cwd'))
    symlinkSync('/w/other', join(entry, 'cwd'))
    expect(opened.followed.cwd()).toBe('/w/other')
    opened.followed.close()
    expect(opened.followed.cwd()).toBeNull()
    expect(followLinuxProcess(78, dir)).toBeNull()
  })

  it('gives no facts for a shell whose command line cannot be read (it may be a wrapper), nor for an unreadable stat', () => {
    const entry = fakeProc(79, { name: 'sh', ppid: 1, startTime: '7777' }, { exe: '/bin/sh' })
    expect(linuxProcess(79, dir)).toBeNull()
    writeFileSync(join(entry, 'cmdline'), 'sh\0-c\0true\0')
    expect(linuxProcess(79, dir)).toMatchObject({ commandWrapper: true })
    writeFileSync(join(entry, 'stat'), 'garbage')
    expect(linuxProcess(79, dir)).toBeNull()
  })

  it('reads a command line longer than its read buffer whole, and the stat fields around it', () => {
    const entry = fakeProc(78, { name: 'sh', ppid: 41, startTime: '6666' }, { cwd: '/w/app', exe: '/bin/sh' })
    // argv[0] alone is longer than the buffer: the "-c" after it is only seen by a whole read.
    const long = `${'/x'.repeat(3000)}/sh`
    writeFileSync(join(entry, 'cmdline'), `${long}\0-c\0echo\0`)
    expect(linuxProcess(78, dir)).toMatchObject({ pid: 78, exe: '/bin/sh', cwd: '/w/app', startTime: '6666', ppid: 41, commandWrapper: true })
    writeFileSync(join(entry, 'cmdline'), `${long}\0echo\0`)
    expect(linuxProcess(78, dir)).toMatchObject({ commandWrapper: false })
  })

  it('reads a live peer’s directory, and nothing once it has exited (its pid may name another process by then)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'kw-peer-'))
    const lookup = (await loadOsPeerLookup('linux'))!
    const { socket, child } = await connectFromChild(dir, false)
    const caller = identifyCaller(socket, lookup)
    socket.destroy()
    const opened = lookup.follow!(child.pid!)!
    expect(opened.facts).toEqual({ ...caller.peer, ppid: process.pid, commandWrapper: false })
    const { followed } = opened
    expect(followed.cwd()).toBe(realpathSync(dir))
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGKILL')
    await exited
    expect(followed.cwd()).toBeNull()
    followed.close()
    expect(followed.cwd()).toBeNull()
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
