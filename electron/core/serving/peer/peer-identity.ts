import type { Socket } from 'node:net'

/** The process at the other end of a key-socket connection, as the OS reports it (never as the caller claims). */
export interface PeerIdentity {
  readonly pid: number
  /** The peer's user id (Unix); null where the OS does not say (Windows). */
  readonly uid: number | null
  /** The peer's executable, absolute; null when the OS would not tell (the process exited, no permission). */
  readonly exe: string | null
  /** The peer's working directory, as the kernel has it; null when unknown. */
  readonly cwd: string | null
  /** When the process started, in the OS's own units (clock ticks since boot on Linux): with the pid, it names one process. */
  readonly startTime: string | null
}

/** The process a remembered approval is bound to: the one that ran the helper (see approvalSubject). */
export interface ApprovalSubject {
  readonly pid: number
  readonly exe: string | null
  readonly startTime: string | null
}

/** Who called, for the key service: the peer itself and the process an approval is bound to. */
export interface Caller {
  readonly peer: PeerIdentity
  readonly subject: ApprovalSubject | null
}

/** What one OS says about a live process. */
export interface ProcessFacts {
  readonly pid: number
  readonly uid: number | null
  readonly exe: string | null
  readonly cwd: string | null
  readonly startTime: string | null
  /** The parent's pid; null when unknown (Windows) or at the top. */
  readonly ppid: number | null
  /** True for a shell run as a command wrapper (`sh -c "…"`), which Claude Code puts between itself and the helper. */
  readonly commandWrapper: boolean
}

/** The per-OS part: peer credentials of a connected socket, and facts about a process. One implementation per OS, an in-memory twin for tests. */
export interface PeerLookup {
  /** The pid (and uid) of the process that connected `socket`; null when the OS cannot say. */
  credentials(socket: Socket): { pid: number; uid: number | null } | null
  /** Facts about process `pid`; null when it is gone or cannot be read. */
  process(pid: number): ProcessFacts | null
  /**
   * Process `pid`'s facts, as process() gives them, and a handle on that one process through which
   * its working directory is read again for every request: once it has exited (even if its pid now
   * names another process) the directory reads as null. One look where the OS allows it (Linux: one
   * /proc descriptor). A lookup without it answers from process() with a start-time check.
   */
  follow?(pid: number): { facts: ProcessFacts; followed: FollowedProcess } | null
}

/** One process followed for the life of a connection (see PeerLookup.follow). */
export interface FollowedProcess {
  /** Its working directory now; null once the process is gone (even if its pid was reused) or unreadable. */
  cwd(): string | null
  close(): void
}

/** How many `sh -c` wrappers approvalSubject looks through before it gives up. */
const MAX_WRAPPERS = 4

/** A caller the OS would not name (pid 0, nothing known): every claim it makes is refused. */
export const UNIDENTIFIED: Caller = { peer: { pid: 0, uid: null, exe: null, cwd: null, startTime: null }, subject: null }

/**
 * Identifies the caller of a connection. Nothing is cached across connections: a pid is only
 * meaningful with its start time, and an executable or argv may change (execve) under the same pid
 * and start time; all are read here, while the peer is connected and waiting for its answer. When the OS
 * gives no credentials for this socket the caller is UNIDENTIFIED, which the key service refuses:
 * failing to identify must not be a way around the check.
 */
export function identifyCaller(socket: Socket, lookup: PeerLookup): Caller {
  const credentials = lookup.credentials(socket)
  return credentials === null ? UNIDENTIFIED : callerOf(credentials, lookup.process(credentials.pid), lookup)
}

/** The caller the OS names by `credentials`, with its facts (null when they could not be read). */
function callerOf(credentials: { pid: number; uid: number | null }, facts: ProcessFacts | null, lookup: PeerLookup): Caller {
  const peer: PeerIdentity = {
    pid: credentials.pid,
    uid: credentials.uid ?? facts?.uid ?? null,
    exe: facts?.exe ?? null,
    cwd: facts?.cwd ?? null,
    startTime: facts?.startTime ?? null,
  }
  return { peer, subject: facts === null ? null : approvalSubject(facts, lookup) }
}

/** The caller of one connection, for each of its requests (see connectionCaller). */
export interface ConnectionCaller {
  current(): Caller
  /** Lets go of what was held for the connection (the followed process); called when it closes. */
  close(): void
}

/**
 * Identifies the caller of a connection once, at accept, and re-reads only its working directory
 * for each request. Decision: what names the process (pid, uid, start time, executable, the approval
 * subject) is the connection's, read once while the peer waits for its first answer, as before; the
 * working directory is not (a process may chdir between two requests on one connection), so every
 * request reads it again, and only while the pid still names the process that started at the
 * recorded start time: a pid that now names another process has no working directory here, and the
 * claimed-directory check refuses it. Returns the same Caller object while the directory is unchanged.
 */
export function connectionCaller(socket: Socket, lookup: PeerLookup): ConnectionCaller {
  const credentials = lookup.credentials(socket)
  const opened = credentials === null ? null : followProcess(lookup, credentials.pid)
  let caller = credentials === null ? UNIDENTIFIED : callerOf(credentials, opened?.facts ?? null, lookup)
  const followed = opened?.followed ?? null
  return {
    current() {
      if (caller === UNIDENTIFIED) return caller
      const cwd = followed === null ? null : followed.cwd()
      if (cwd !== caller.peer.cwd) caller = { ...caller, peer: { ...caller.peer, cwd } }
      return caller
    },
    close: () => followed?.close(),
  }
}

/** The lookup's own follow(), or one answering from process() with a start-time check (no start time: no directory). */
function followProcess(lookup: PeerLookup, pid: number): { facts: ProcessFacts | null; followed: FollowedProcess | null } | null {
  if (lookup.follow) return lookup.follow(pid)
  const facts = lookup.process(pid)
  const startTime = facts?.startTime ?? null
  if (startTime === null) return { facts, followed: null }
  return {
    facts,
    followed: {
      cwd() {
        const now = lookup.process(pid)
        return now !== null && now.startTime === startTime ? now.cwd : null
      },
      close() {},
    },
  }
}

/**
 * The process a remembered approval is bound to. Decision: the helper's parent, looking through
 * `sh -c` wrappers. Claude Code runs `/bin/sh -c "keyward helper"` for every key refresh, so the
 * helper itself is a new process each time and binding to it would mean asking every time; its
 * parent through the shell is the Claude Code session, which lives as long as the session does.
 * `keyward exec` from a terminal binds to the interactive shell of that terminal (not skipped: only
 * shells started with -c are wrappers). The subject is named by pid + start time (a reused pid is
 * another process) and its executable. Null when the parent cannot be read.
 */
export function approvalSubject(peer: ProcessFacts, lookup: PeerLookup): ApprovalSubject | null {
  let current: ProcessFacts | null = peer.ppid === null ? null : lookup.process(peer.ppid)
  for (let hops = 0; current !== null && current.commandWrapper && hops < MAX_WRAPPERS; hops++) {
    current = current.ppid === null ? null : lookup.process(current.ppid)
  }
  if (current === null || current.commandWrapper) return null
  return { pid: current.pid, exe: current.exe, startTime: current.startTime }
}

/** Shell executables whose `-c` invocations are wrappers, by base name. */
const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh', 'mksh', 'ash', 'busybox', 'fish'])

/** False when `exe` cannot be a command wrapper whatever its argv (not a shell), so the command line need not be read. */
export function couldBeCommandWrapper(exe: string | null): boolean {
  return exe === null || SHELLS.has(exe.split('/').pop()!.replace(/^-/, ''))
}

/** True when argv is a shell running one command (`sh -c CMD`, `bash -lc CMD`): a wrapper, not an interactive shell. */
export function isCommandWrapper(exe: string | null, argv: readonly string[]): boolean {
  const base = (exe ?? argv[0] ?? '').split('/').pop()!.replace(/^-/, '')
  if (!SHELLS.has(base)) return false
  return argv.slice(1).some((arg) => /^-[A-Za-z]*c[A-Za-z]*$/.test(arg))
}

/** A caller for messages and logs: "/usr/bin/node (pid 4242)". */
export function describeProcess(p: { pid: number; exe: string | null }): string {
  return `${p.exe ?? 'an unknown executable'} (pid ${p.pid})`
}
