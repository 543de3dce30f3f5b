import { constants, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import * as fsAsync from './fs-async'

/*
 * The promise forms answer the same whether the calls go through the thread pool (the app, the
 * daemon) or block (`keyward helper`, after blockOnFileSystem): same values, same errors. The flag
 * stays set for the rest of this file (each test file has its own modules).
 */

const dir = mkdtempSync(join(tmpdir(), 'kw-fs-async-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const file = join(dir, 'file.txt')
writeFileSync(file, 'hello\n')
symlinkSync(file, join(dir, 'link'))

/** Every call on the same inputs, as plain values (or the error's code), to compare the two modes. */
async function everyCall(): Promise<unknown[]> {
  const outcome = async (call: () => Promise<unknown>) =>
    call().then(
      (value) => value,
      (error: NodeJS.ErrnoException) => `rejected ${error.code}`,
    )
  const fd = await fsAsync.openAsync(join(dir, 'append.log'), constants.O_RDWR | constants.O_APPEND | constants.O_CREAT, 0o600)
  const written = await fsAsync.writeAsync(fd, Buffer.from('line\n'))
  const buffer = Buffer.alloc(16)
  const read = await fsAsync.readAsync(fd, buffer, 0, 16, 0)
  const size = (await fsAsync.fstatAsync(fd)).size
  await fsAsync.closeAsync(fd)
  return [
    (await fsAsync.statAsync(file)).size,
    typeof (await fsAsync.statBigIntAsync(file)).mtimeNs,
    (await fsAsync.lstatAsync(join(dir, 'link'))).isSymbolicLink(),
    await fsAsync.realpathAsync(join(dir, 'link')),
    await fsAsync.realpathNativeAsync(join(dir, 'link')),
    written,
    [read, buffer.toString('utf8', 0, read)],
    size,
    await outcome(() => fsAsync.statAsync(join(dir, 'missing'))),
    await outcome(() => fsAsync.openAsync(join(dir, 'missing', 'x'), 0, 0)),
    await outcome(() => fsAsync.closeAsync(987_654)),
  ]
}

describe('fs-async', () => {
  let throughThePool: unknown[]

  it('answers through the thread pool by default: nothing is settled before the pool replies', async () => {
    let settled = false
    const stat = fsAsync.statAsync(file).then(() => (settled = true))
    await Promise.resolve()
    expect(settled).toBe(false)
    await stat
    throughThePool = await everyCall()
    expect(throughThePool).toContainEqual('rejected ENOENT')
  })

  it('after blockOnFileSystem, answers on this thread with the same values and errors', async () => {
    fsAsync.blockOnFileSystem()
    let settled = false
    const stat = fsAsync.statAsync(file).then(() => (settled = true))
    await Promise.resolve()
    expect(settled).toBe(true)
    await stat
    rmSync(join(dir, 'append.log'))
    expect(await everyCall()).toEqual(throughThePool)
  })
})
