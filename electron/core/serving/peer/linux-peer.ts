import { closeSync, constants, fstatSync, openSync, readSync, readlinkSync } from 'node:fs'
import type { Koffi } from './koffi-loader'
import { socketFd } from './koffi-loader'
import { type FollowedProcess, type PeerLookup, type ProcessFacts, couldBeCommandWrapper, isCommandWrapper } from './peer-identity'

const SOL_SOCKET = 1
/** SO_PEERCRED's value differs on a few architectures (asm-generic is 17). */
const SO_PEERCRED = process.arch === 'ppc64' || process.arch === 'ppc' ? 21 : process.arch === 'mips' || process.arch === 'mipsel' ? 18 : 17
/** struct ucred { pid_t pid; uid_t uid; gid_t gid; } */
const UCRED_SIZE = 12

/**
 * Linux: getsockopt(SO_PEERCRED) gives the pid and uid the kernel recorded when the peer connected;
 * /proc/<pid> gives the executable (exe), working directory (cwd), start time (field 22 of stat),
 * parent (field 4) and command line. Every fact is read through one descriptor on the process's
 * /proc directory (see openProcess), so all of them are about one process even if it exits and its
 * pid is reused meanwhile.
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
    follow: (pid) => followLinuxProcess(pid, proc),
  }
}

/**
 * Opens `pid`'s /proc directory. Reads through the descriptor name that one process: once it has
 * exited they fail (ESRCH), even if its pid now names another process, so facts read through it
 * need no second read of the start time to rule out a reused pid. Null when the process is gone.
 */
function openProcess(pid: number, proc: string): number | null {
  try {
    return openSync(`${proc}/${pid}`, constants.O_RDONLY | constants.O_DIRECTORY)
  } catch {
    return null
  }
}

/**
 * The facts of the process whose /proc directory is open as `fd`; null when it has exited or cannot
 * be read. One that exits partway leaves the later reads failing (no executable, no directory),
 * never another process's facts; its followed directory then reads as null, so it is refused.
 */
function factsThrough(fd: number, pid: number): ProcessFacts | null {
  const dir = `/proc/self/fd/${fd}`
  const fields = statFields(dir)
  if (fields === null) return null
  const exe = readlinkOrNull(`${dir}/exe`)
  const cwd = readlinkOrNull(`${dir}/cwd`)
  let argv: string[] = []
  let uid: number
  try {
    uid = fstatSync(fd).uid
    // The command line only matters for a shell (is it a `sh -c` wrapper?); a node or claude peer skips the read.
    if (couldBeCommandWrapper(exe)) {
      argv = readProcFile(`${dir}/cmdline`).split('\0')
      if (argv.at(-1) === '') argv.pop()
    }
  } catch {
    return null
  }
  return { pid, uid, exe, cwd, startTime: fields.startTime, ppid: fields.ppid > 0 ? fields.ppid : null, commandWrapper: isCommandWrapper(exe, argv) }
}

/**
 * `pid`'s facts, and the same /proc descriptor kept open to follow that one process for a
 * connection's life: each request's working directory then costs one readlink (about 5 µs), and a
 * process that has exited reads as null even if its pid was reused. Exported for tests.
 */
export function followLinuxProcess(pid: number, proc = '/proc'): { facts: ProcessFacts; followed: FollowedProcess } | null {
  const fd = openProcess(pid, proc)
  if (fd === null) return null
  const facts = factsThrough(fd, pid)
  if (facts === null) {
    closeSync(fd)
    return null
  }
  let open = true
  return {
    facts,
    followed: {
      cwd: () => (open ? readlinkOrNull(`/proc/self/fd/${fd}/cwd`) : null),
      close() {
        if (open) closeSync(fd)
        open = false
      },
    },
  }
}

/** The facts /proc holds about `pid`, or null when it is gone or unreadable. Exported for tests. */
export function linuxProcess(pid: number, proc = '/proc'): ProcessFacts | null {
  const fd = openProcess(pid, proc)
  if (fd === null) return null
  try {
    return factsThrough(fd, pid)
  } finally {
    closeSync(fd)
  }
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
