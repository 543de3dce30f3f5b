import { chmodSync, mkdirSync } from 'node:fs'
import { createServer } from 'node:net'
import { askForKey } from '../../../electron/core/serving/socket/socket-client'
import { linuxProcess } from '../../../electron/core/serving/peer/linux-peer'
import { UNIDENTIFIED } from '../../../electron/core/serving/peer/peer-identity'
import { handleRequestLine } from '../../../electron/core/serving/socket/socket-handler'
import { socketLocation } from '../../../electron/core/serving/socket/socket-path'
import { profileKeyAccount } from '../../../electron/core/vault/secret-accounts'
import { ADMIN, type Outcome, hostileInputs } from '../support/hostile-table'

/*
 * Requests to the key socket that are not what a helper sends, and a socket directory others may
 * write (the helper then reads the keychain itself).
 */

hostileInputs('socket', 'key socket requests', (w) => {
  const socketLine = async (line: string): Promise<Outcome> => {
    const reply = await handleRequestLine(line, w.vault.keys, () => {})
    return reply.ok ? { code: 'OK', message: '' } : { code: reply.error.code, message: reply.error.message }
  }
  return [
    // Socket requests
    { name: 'socket: not JSON', input: '{"v":1,', code: 'INVALID_INPUT', fragment: 'one JSON object per line', run: () => socketLine('{"v":1,') },
    { name: 'socket: relative cwd', input: '{"cwd":"projects"}', code: 'INVALID_INPUT', fragment: 'absolute path', run: () => socketLine(JSON.stringify({ v: 1, op: 'resolve', cwd: 'projects' })) },
    { name: 'socket: unknown op', input: '{"op":"dump"}', code: 'INVALID_INPUT', fragment: 'expected "resolve"', run: () => socketLine(JSON.stringify({ v: 1, op: 'dump', cwd: '/' })) },
    { name: 'socket: wrong version', input: '{"v":2}', code: 'INVALID_INPUT', fragment: 'this Keyward speaks v1', run: () => socketLine(JSON.stringify({ v: 2, op: 'resolve', cwd: '/' })) },
    {
      name: 'socket: forced Admin profile',
      input: '{"profile":"org-admin"}',
      code: 'NOT_ALLOWED',
      fragment: 'Admin key',
      run: () => socketLine(JSON.stringify({ v: 1, op: 'resolve', cwd: w.project(), profile: 'org-admin' })),
    },
    {
      // This process, as the OS describes it (its real cwd is the world's root), claims another directory.
      name: 'socket: a client claims a directory outside its working directory',
      input: '{"cwd":"/"} from a process in the world root',
      code: 'NOT_ALLOWED',
      fragment: 'but its real working directory is',
      run: async () => {
        const self = linuxProcess(process.pid)
        const reply = await handleRequestLine(JSON.stringify({ v: 1, op: 'resolve', cwd: '/', agent: 'liar' }), w.vault.keys, () => {}, self ? { peer: self, subject: null } : UNIDENTIFIED)
        return reply.ok ? { code: 'OK', message: '' } : { code: reply.error.code, message: reply.error.message }
      },
    },
    {
      name: 'socket directory 0777 (helper reads the keychain itself)',
      input: '<data>/run chmod 0777 + a lying socket',
      code: 'exit 0',
      fragment: 'so its socket was not used and the keychain was read directly',
      run: async () => {
        const dir = w.scratch('open-run')
        const location = socketLocation(dir, {})
        mkdirSync(location.dir!, { recursive: true })
        chmodSync(location.dir!, 0o777)
        let connections = 0
        const liar = createServer((socket) => (connections++, socket.end(`${JSON.stringify({ v: 1, ok: true, profile: 'main', key: ADMIN })}\n`)))
        await new Promise<void>((resolve) => liar.listen(location.path, resolve))
        try {
          const run = await w.helperRun({ ask: (request) => askForKey(location, request), direct: async () => ({ kind: 'key', ...(await w.vault.keys.resolve(w.project(), 'hostile', 'direct')) }) })
          const servedRight = run.stdout === `${await w.keychain.get(profileKeyAccount('main'))}\n` && connections === 0
          return { code: servedRight ? `exit ${run.code}` : `wrong: ${connections} connections, ${run.stdout.length} bytes`, message: run.stderr }
        } finally {
          liar.close()
        }
      },
    },
  ]
})
