import { type BigIntStats, type Stats, close, fstat, lstat, open, read, realpath, stat, write } from 'node:fs'

/*
 * Promise forms of the few file-system calls the helper's direct path makes (the key service, the
 * binding resolver, the audit log's appender), over node:fs's callback API. Importing node:fs/promises instead loads it at
 * start with readline, streams and fs watchers: about 2.5 ms of each `keyward helper` run without a
 * daemon (measured in bench/run.js), for calls these make as well.
 */

/** A callback's (error, value) as a settled promise. */
function settle<T>(call: (done: (error: NodeJS.ErrnoException | null, value: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => call((error, value) => (error ? reject(error) : resolve(value))))
}

export const statAsync = (path: string): Promise<Stats> => settle((done) => stat(path, done))

/** stat with bigint fields (nanosecond times, for a file's identity). */
export const statBigIntAsync = (path: string): Promise<BigIntStats> => settle((done) => stat(path, { bigint: true }, done))

export const lstatAsync = (path: string): Promise<Stats> => settle((done) => lstat(path, done))

export const realpathAsync = (path: string): Promise<string> => settle((done) => realpath(path, done))

/** realpath(3) itself (libuv's), not Node's JavaScript walk of the path. */
export const realpathNativeAsync = (path: string): Promise<string> => settle((done) => realpath.native(path, done))

export const openAsync = (path: string, flags: number, mode: number): Promise<number> => settle((done) => open(path, flags, mode, done))

export const closeAsync = (fd: number): Promise<void> => settle((done) => close(fd, (error) => done(error, undefined)))

export const fstatAsync = (fd: number): Promise<Stats> => settle((done) => fstat(fd, done))

/** Reads into `buffer` at `offset`, `length` bytes from file `position`; resolves with the bytes read. */
export const readAsync = (fd: number, buffer: Buffer, offset: number, length: number, position: number): Promise<number> => settle((done) => read(fd, buffer, offset, length, position, done))

/** Writes `buffer` at the file's current offset (O_APPEND: its end); resolves with the bytes written. */
export const writeAsync = (fd: number, buffer: Buffer): Promise<number> => settle((done) => write(fd, buffer, 0, buffer.length, null, done))
