import { closeSync, constants, openSync, readSync, readlinkSync, statSync } from 'node:fs'
import type { Koffi } from './koffi-loader'
import { socketFd } from './koffi-loader'
import { type FollowedProcess, type PeerLookup, type ProcessFacts, isCommandWrapper } from './peer-identity'

const SOL_SOCKET = 1
/** SO_PEERCRED's value differs on a few architectures (asm-generic is 17). */
const SO_PEERCRED = process.arch === 'ppc64' || process.arch === 'ppc' ? 21 : process.arch === 'mips' || process.arch === 'mipsel' ? 18 : 17
/** struct ucred { pid_t pid; uid_t uid; gid_t gid; } */
const UCRED_SIZE = 12

/**
 * Linux: getsockopt(SO_PEERCRED) gives the pid and uid the kernel recorded when the peer connected;
 * /proc/<pid> gives the executable (exe), working directory (cwd), start time (field 22 of stat) and
 * parent (field 4). The start time is read before and after the other facts: if it changed, the pid
 * was reused meanwhile and nothing is reported.
 */
export function createLinuxPeerLookup(koffi: Koffi, proc = '/proc'): PeerLookup {
  const getsockopt = koffi.load(null).func('int getsockopt(int fd, int level, int name, void *value, void *length)')
  return {
    credentials(socket) {
      const fd = socketFd(socket)
      if (fd === null) return null
      const value = Buffer.alloc(UCRED_SIZE)
      const length = Buffer.alloc(4)
      length.writeUInt32LE(UCRED_SIZE)
      if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, value, length) !== 0) return null
      const pid = value.readInt32LE(0)
      // pid 0: the peer is in another pid namespace the kernel cannot name here.
      return pid > 0 ? { pid, uid: value.readUInt32LE(4) } : null
    },
    process: (pid) => linuxProcess(pid, proc),
    follow: (pid, startTime) => followLinuxProcess(pid, startTime, proc),
  }
}

/**
 * Follows `pid` through a descriptor on its /proc directory, opened now and checked to be the
 * process that started at `startTime`. Such a descriptor names that one process: once it has exited,
 * reads through it fail (ESRCH) even if the pid was reused, so each request's working directory costs
 * one readlink (about 5 µs) instead of reading /proc/<pid>/stat around it (about 30 µs each).
 * Exported for tests.
 */
export function followLinuxProcess(pid: number, startTime: string, proc = '/proc'): FollowedProcess | null {
  let fd: number
  try {
    fd = openSync(`${proc}/${pid}`, constants.O_RDONLY | constants.O_DIRECTORY)
  } catch {
    return null
  }
  const dir = `/proc/self/fd/${fd}`
  if (statFields(dir)?.startTime !== startTime) {
    closeSync(fd)
    return null
  }
  let open = true
  return {
    cwd: () => (open ? readlinkOrNull(`${dir}/cwd`) : null),
    close() {
      if (open) closeSync(fd)
      open = false
    },
  }
}

/** The facts /proc holds about `pid`, or null when it is gone or unreadable. Exported for tests. */
export function linuxProcess(pid: number, proc = '/proc'): ProcessFacts | null {
  const dir = `${proc}/${pid}`
  const before = statFields(dir)
  if (before === null) return null
  const exe = readlinkOrNull(`${dir}/exe`)
  const cwd = readlinkOrNull(`${dir}/cwd`)
  let argv: string[] = []
  let uid: number | null = null
  try {
    argv = readProcFile(`${dir}/cmdline`).split('\0')
    if (argv.at(-1) === '') argv.pop()
    uid = statSync(dir).uid
  } catch {
    return null
  }
  const after = statFields(dir)
  if (after === null || after.startTime !== before.startTime) return null
  return { pid, uid, exe, cwd, startTime: before.startTime, ppid: before.ppid > 0 ? before.ppid : null, commandWrapper: isCommandWrapper(exe, argv) }
}

/** ppid (field 4) and starttime (field 22) of /proc/<pid>/stat; the command name (field 2) may hold spaces and parentheses, so fields count from the last ")". */
function statFields(dir: string): { ppid: number; startTime: string } | null {
  let text: string
  try {
    text = readProcFile(`${dir}/stat`)
  } catch {
    return null
  }
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ')
  const ppid = Number(fields[1])
  const startTime = fields[19]
  return Number.isInteger(ppid) && startTime !== undefined && /^\d+$/.test(startTime) ? { ppid, startTime } : null
}

/**
 * One reused buffer for /proc's files: they report a size of 0, so readFileSync allocates 64 KiB for
 * each, several times per connection (measured: 14 instead of 19–25 µs per file). The daemon reads
 * them on its one thread, so one buffer serves every read.
 */
const procScratch = Buffer.allocUnsafe(4096)

/** A /proc file's whole text (latin1), read in as many pieces as it takes; throws as readFileSync does. */
function readProcFile(path: string): string {
  const fd = openSync(path, 'r')
  try {
    let text = ''
    for (;;) {
      const read = readSync(fd, procScratch, 0, procScratch.length, null)
      if (read === 0) return text
      text += procScratch.toString('latin1', 0, read)
    }
  } finally {
    closeSync(fd)
  }
}

function readlinkOrNull(path: string): string | null {
  try {
    return readlinkSync(path)
  } catch {
    return null
  }
}
