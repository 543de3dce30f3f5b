import type { Koffi } from './koffi-loader'
import { socketFd } from './koffi-loader'
import { type PeerLookup, type ProcessFacts, isCommandWrapper } from './peer-identity'

/*
 * macOS, through libSystem. Written against the SDK headers (sys/un.h, libproc.h, sys/proc_info.h,
 * sys/sysctl.h); the test machines run Linux, so this file is type-checked but runs only on a Mac.
 */
const SOL_LOCAL = 0
const LOCAL_PEERPID = 2
const PROC_PIDTBSDINFO = 3
/** sizeof(struct proc_bsdinfo): ppid at 16, uid at 20, pbi_start_tvsec at 120, pbi_start_tvusec at 128. */
const BSDINFO_SIZE = 136
const PROC_PIDVNODEPATHINFO = 9
/** sizeof(struct proc_vnodepathinfo): pvi_cdir is { struct vnode_info (152 bytes); char vip_path[1024] } first. */
const VNODEPATHINFO_SIZE = 2352
const CDIR_PATH_OFFSET = 152
const MAXPATHLEN = 1024
const PROC_PIDPATHINFO_MAXSIZE = 4096
const CTL_KERN = 1
const KERN_PROCARGS2 = 49
const ARGS_MAX = 256 * 1024

/**
 * macOS: getsockopt(SOL_LOCAL, LOCAL_PEERPID) names the connecting process and getpeereid its uid;
 * proc_pidpath gives the executable, proc_pidinfo(PROC_PIDVNODEPATHINFO) the working directory and
 * (PROC_PIDTBSDINFO) the parent and start time, sysctl(KERN_PROCARGS2) the arguments.
 */
export function createDarwinPeerLookup(koffi: Koffi): PeerLookup {
  const libc = koffi.load('/usr/lib/libSystem.B.dylib')
  const getsockopt = libc.func('int getsockopt(int fd, int level, int name, void *value, void *length)')
  const getpeereid = libc.func('int getpeereid(int fd, void *uid, void *gid)')
  const procPidpath = libc.func('int proc_pidpath(int pid, void *buffer, uint32_t size)')
  const procPidinfo = libc.func('int proc_pidinfo(int pid, int flavor, uint64_t arg, void *buffer, int size)')
  const sysctl = libc.func('int sysctl(void *name, uint32_t namelen, void *oldp, void *oldlenp, void *newp, size_t newlen)')

  const cString = (buffer: Buffer, offset: number, max: number) => {
    const end = buffer.indexOf(0, offset)
    return buffer.toString('utf8', offset, end === -1 || end > offset + max ? offset + max : end)
  }
  const bsdInfo = (pid: number) => {
    const info = Buffer.alloc(BSDINFO_SIZE)
    if (procPidinfo(pid, PROC_PIDTBSDINFO, 0, info, BSDINFO_SIZE) !== BSDINFO_SIZE) return null
    return { ppid: info.readUInt32LE(16), uid: info.readUInt32LE(20), startTime: `${info.readBigUInt64LE(120)}.${info.readBigUInt64LE(128)}` }
  }
  const argvOf = (pid: number): string[] => {
    const mib = Buffer.alloc(12)
    mib.writeInt32LE(CTL_KERN, 0)
    mib.writeInt32LE(KERN_PROCARGS2, 4)
    mib.writeInt32LE(pid, 8)
    const args = Buffer.alloc(ARGS_MAX)
    const size = Buffer.alloc(8)
    size.writeBigUInt64LE(BigInt(ARGS_MAX))
    if (sysctl(mib, 3, args, size, null, 0) !== 0) return []
    // Layout: int argc, the exec path, NUL padding, then argc NUL-terminated arguments.
    const length = Number(size.readBigUInt64LE())
    const argc = args.readInt32LE(0)
    let offset = args.indexOf(0, 4)
    while (offset < length && args[offset] === 0) offset++
    const argv: string[] = []
    while (argv.length < argc && offset < length) {
      const end = args.indexOf(0, offset)
      argv.push(args.toString('utf8', offset, end === -1 ? length : end))
      offset = end === -1 ? length : end + 1
    }
    return argv
  }

  return {
    credentials(socket) {
      const fd = socketFd(socket)
      if (fd === null) return null
      const pid = Buffer.alloc(4)
      const length = Buffer.alloc(4)
      length.writeUInt32LE(4)
      if (getsockopt(fd, SOL_LOCAL, LOCAL_PEERPID, pid, length) !== 0) return null
      const uid = Buffer.alloc(4)
      const gid = Buffer.alloc(4)
      const peerPid = pid.readInt32LE(0)
      if (peerPid <= 0) return null
      return { pid: peerPid, uid: getpeereid(fd, uid, gid) === 0 ? uid.readUInt32LE(0) : null }
    },
    process(pid): ProcessFacts | null {
      const before = bsdInfo(pid)
      if (before === null) return null
      const path = Buffer.alloc(PROC_PIDPATHINFO_MAXSIZE)
      const exe = procPidpath(pid, path, PROC_PIDPATHINFO_MAXSIZE) > 0 ? cString(path, 0, PROC_PIDPATHINFO_MAXSIZE) : null
      const vnode = Buffer.alloc(VNODEPATHINFO_SIZE)
      const cwd = procPidinfo(pid, PROC_PIDVNODEPATHINFO, 0, vnode, VNODEPATHINFO_SIZE) === VNODEPATHINFO_SIZE ? cString(vnode, CDIR_PATH_OFFSET, MAXPATHLEN) || null : null
      const argv = argvOf(pid)
      const after = bsdInfo(pid)
      // A changed start time means the pid now names another process.
      if (after === null || after.startTime !== before.startTime) return null
      return { pid, uid: before.uid, exe, cwd, startTime: before.startTime, ppid: before.ppid > 0 ? before.ppid : null, commandWrapper: isCommandWrapper(exe, argv) }
    },
  }
}
