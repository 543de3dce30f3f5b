import { mkdtempSync, rmSync } from 'node:fs'
import { type Socket, connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { SocketKeySource } from '../socket/socket-handler'
import { startKeySocketServer } from '../socket/socket-server'
import { memoryPeerLookup } from './memory-peer'
import { type Caller, type ProcessFacts, UNIDENTIFIED, approvalSubject, identifyCaller } from './peer-identity'

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
