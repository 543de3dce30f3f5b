import { type BigIntStats, type Stats, close, closeSync, fstat, fstatSync, lstat, lstatSync, open, openSync, read, readSync, realpath, realpathSync, stat, statSync, write, writeSync } from 'node:fs'

/*
 * Promise forms of the few file-system calls the helper's direct path makes (the key service, the
 * binding resolver, the audit log's appender), over node:fs's callback API. Importing node:fs/promises instead loads it at
 * start with readline, streams and fs watchers: about 2.5 ms of each `keyward helper` run without a
 * daemon (measured in bench/run.js), for calls these make as well.
 */

let blocking = false

/**
 * Makes every call below run on this thread (still answering with a promise), for a process with
 * nothing else to do while it waits: `keyward helper` (helper-run.ts). There each thread-pool round
 * trip costs more than the call itself: about 4.5 ms of a helper's start without a daemon (measured
 * in bench/run.js). Never in the app or the daemon: their event loop serves others meanwhile. A call
 * that hangs (a dead network mount) hangs such a helper the same either way: it waits for the answer.
 */
export function blockOnFileSystem(): void {
  blocking = true
}

/** The call's result as a settled promise: the blocking form when blocking, else the callback's (error, value). */
function settle<T>(blockingCall: () => T, call: (done: (error: NodeJS.ErrnoException | null, value: T) => void) => void): Promise<T> {
  if (blocking) {
    try {
      return Promise.resolve(blockingCall())
    } catch (error) {
      return Promise.reject(error as Error)
    }
  }
  return new Promise((resolve, reject) => call((error, value) => (error ? reject(error) : resolve(value))))
}

export const statAsync = (path: string): Promise<Stats> =>
  settle(
    () => statSync(path),
    (done) => stat(path, done),
  )

/** stat with bigint fields (nanosecond times, for a file's identity). */
export const statBigIntAsync = (path: string): Promise<BigIntStats> =>
  settle(
    () => statSync(path, { bigint: true }),
    (done) => stat(path, { bigint: true }, done),
  )

export const lstatAsync = (path: string): Promise<Stats> =>
  settle(
    () => lstatSync(path),
    (done) => lstat(path, done),
  )

export const realpathAsync = (path: string): Promise<string> =>
  settle(
    () => realpathSync(path),
    (done) => realpath(path, done),
  )

/** realpath(3) itself (libuv's), not Node's JavaScript walk of the path. */
export const realpathNativeAsync = (path: string): Promise<string> =>
  settle(
    () => realpathSync.native(path),
    (done) => realpath.native(path, done),
  )

export const openAsync = (path: string, flags: number, mode: number): Promise<number> =>
  settle(
    () => openSync(path, flags, mode),
    (done) => open(path, flags, mode, done),
  )

export const closeAsync = (fd: number): Promise<void> =>
  settle(
    () => closeSync(fd),
    (done) => close(fd, (error) => done(error, undefined)),
  )

export const fstatAsync = (fd: number): Promise<Stats> =>
  settle(
    () => fstatSync(fd),
    (done) => fstat(fd, done),
  )

/** Reads into `buffer` at `offset`, `length` bytes from file `position`; resolves with the bytes read. */
export const readAsync = (fd: number, buffer: Buffer, offset: number, length: number, position: number): Promise<number> =>
  settle(
    () => readSync(fd, buffer, offset, length, position),
    (done) => read(fd, buffer, offset, length, position, done),
  )

/** Writes `buffer` at the file's current offset (O_APPEND: its end); resolves with the bytes written. */
export const writeAsync = (fd: number, buffer: Buffer): Promise<number> =>
  settle(
    () => writeSync(fd, buffer, 0, buffer.length, null),
    (done) => write(fd, buffer, 0, buffer.length, null, done),
  )
