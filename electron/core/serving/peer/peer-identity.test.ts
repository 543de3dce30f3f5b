import { mkdtempSync, rmSync } from 'node:fs'
import { type Socket, connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { SocketKeySource } from '../socket/socket-handler'
import { startKeySocketServer } from '../socket/socket-server'
import { memoryPeerLookup } from './memory-peer'
import { type Caller, type PeerLookup, type ProcessFacts, UNIDENTIFIED, approvalSubject, connectionCaller, identifyCaller } from './peer-identity'

const proc = (pid: number, ppid: number | null, exe: string, commandWrapper = false, startTime = `${pid}00`): ProcessFacts => ({ pid, uid: 1000, exe, cwd: '/w/app', startTime, ppid, commandWrapper })

/** Claude Code (10) runs /bin/sh -c (20), which runs the helper (30). */
const chain = new Map<number, ProcessFacts>([
  [10, proc(10, 1, '/usr/bin/claude')],
  [20, proc(20, 10, '/usr/bin/dash', true)],
  [30, proc(30, 20, '/usr/bin/node')],
])
const socket = {} as Socket

describe('identifyCaller and approvalSubject', () => {
  it('binds to the process that ran the helper, looking through sh -c', () => {
    const caller = identifyCaller(socket, memoryPeerLookup({ connectedBy: () => 30, processes: chain }))
    expect(caller).toEqual({ peer: { pid: 30, uid: 1000, exe: '/usr/bin/node', cwd: '/w/app', startTime: '3000' }, subject: { pid: 10, exe: '/usr/bin/claude', startTime: '1000' } })
  })

  it('gives no subject when the chain is only wrappers or the parent is gone', () => {
    const wrappers = new Map([...chain, [10, proc(10, 5, '/usr/bin/bash', true)]])
    expect(approvalSubject(chain.get(30)!, memoryPeerLookup({ connectedBy: () => 30, processes: wrappers }))).toBeNull()
    const orphan = new Map([[30, proc(30, 99, '/usr/bin/node')]])
    expect(approvalSubject(orphan.get(30)!, memoryPeerLookup({ connectedBy: () => 30, processes: orphan }))).toBeNull()
  })

  it('is UNIDENTIFIED when the OS gives no credentials, never "no caller"', () => {
    expect(identifyCaller(socket, memoryPeerLookup({ connectedBy: () => null, processes: chain }))).toBe(UNIDENTIFIED)
  })
})

/** A memory lookup over `processes` that counts what it is asked: full process facts, and the per-request working directory. */
function countingLookup(processes: Map<number, ProcessFacts>): { lookup: PeerLookup; reads: { process: number[]; cwd: number[] } } {
  const reads = { process: [] as number[], cwd: [] as number[] }
  const inner = memoryPeerLookup({ connectedBy: () => 30, processes })
  const lookup: PeerLookup = {
    credentials: (s) => inner.credentials(s),
    process(pid) {
      reads.process.push(pid)
      return inner.process(pid)
    },
    follow(pid) {
      reads.process.push(pid)
      const facts = processes.get(pid)
      if (facts === undefined) return null
      return {
        facts,
        followed: {
          cwd() {
            reads.cwd.push(pid)
            const now = processes.get(pid)
            return now?.startTime === facts.startTime ? now.cwd : null
          },
          close() {},
        },
      }
    },
  }
  return { lookup, reads }
}

describe('connectionCaller: identified once per connection, the working directory read per request', () => {
  it('a second request on the same connection reads no process facts again, only the working directory', () => {
    const processes = new Map(chain)
    const { lookup, reads } = countingLookup(processes)
    const caller = connectionCaller(socket, lookup)
    const first = caller.current()
    const factsAtAccept = reads.process.length
    expect(factsAtAccept).toBe(3) // the helper, the sh -c wrapper, Claude Code
    const second = caller.current()
    expect(reads.process).toHaveLength(factsAtAccept)
    expect(reads.cwd).toEqual([30, 30])
    expect(second).toBe(first)
  })

  it('sees a chdir between two requests: the next request is checked against the new directory', () => {
    const processes = new Map(chain)
    const caller = connectionCaller(socket, countingLookup(processes).lookup)
    expect(caller.current().peer.cwd).toBe('/w/app')
    processes.set(30, { ...chain.get(30)!, cwd: '/w/other' })
    expect(caller.current().peer).toMatchObject({ pid: 30, exe: '/usr/bin/node', cwd: '/w/other' })
  })

  it('does not trust the pid once it names another process (same pid, another start time): no directory, so the request is refused', () => {
    const processes = new Map(chain)
    const caller = connectionCaller(socket, countingLookup(processes).lookup)
    expect(caller.current().peer.cwd).toBe('/w/app')
    processes.set(30, proc(30, 1, '/usr/bin/evil', false, '999999'))
    expect(caller.current().peer).toMatchObject({ pid: 30, exe: '/usr/bin/node', startTime: '3000', cwd: null })
  })

  it('without a follow() in the lookup, answers from the process facts with the same start-time check', () => {
    const processes = new Map(chain)
    const caller = connectionCaller(socket, memoryPeerLookup({ connectedBy: () => 30, processes }))
    processes.set(30, { ...proc(30, 1, '/usr/bin/node', false, '4000'), cwd: '/w/app' })
    expect(caller.current().peer.cwd).toBeNull()
  })

  it('stays UNIDENTIFIED when the OS gave no credentials', () => {
    const caller = connectionCaller(socket, memoryPeerLookup({ connectedBy: () => null, processes: chain }))
    expect(caller.current()).toBe(UNIDENTIFIED)
  })
})

describe('the socket server passes each connection’s caller to the key source', () => {
  it('identifies at accept and hands the caller with every request on that connection', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kw-peer-srv-'))
    const seen: (Caller | null | undefined)[] = []
    const keys: SocketKeySource = {
      async resolve(_cwd, _agent, _transport, caller) {
        seen.push(caller)
        return { profile: 'a', key: `sk-ant-api03-${'a'.repeat(86)}AA` }
      },
    }
    const server = await startKeySocketServer({ keys, dataDir, peers: memoryPeerLookup({ connectedBy: () => 30, processes: chain }) })
    try {
      await new Promise<void>((resolve) => {
        const client = connect(server.location.path)
        let replies = 0
        client.on('connect', () => client.write(`${JSON.stringify({ v: 1, op: 'resolve', cwd: '/w/app' })}\n${JSON.stringify({ v: 1, op: 'resolve', cwd: '/w/app' })}\n`))
        client.on('data', (chunk) => {
          replies += chunk.toString().split('\n').filter(Boolean).length
          if (replies === 2) {
            client.destroy()
            resolve()
          }
        })
      })
      expect(seen).toHaveLength(2)
      expect(seen[0]).toMatchObject({ peer: { pid: 30, exe: '/usr/bin/node' }, subject: { pid: 10 } })
      expect(seen[1]).toBe(seen[0])
    } finally {
      await server.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
