import { type BigIntStats, type Stats, lstat, realpath, stat } from 'node:fs'

/*
 * Promise forms of the few file-system calls the helper's direct path makes (the key service, the
 * binding resolver), over node:fs's callback API. Importing node:fs/promises instead loads it at
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
