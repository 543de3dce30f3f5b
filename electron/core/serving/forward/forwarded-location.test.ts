import { mkdtempSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { remoteForwardPath } from './forward-wire'
import { findForwardedSocket, forwardedSocketProblem } from './forwarded-location'

describe('finding a socket forwarded from a laptop', () => {
  it('takes KEYWARD_SOCKET as given, and otherwise the well-known path only when something is there', () => {
    expect(findForwardedSocket({ KEYWARD_SOCKET: '/run/x.sock' })).toEqual({ path: '/run/x.sock', explicit: true })
    expect(findForwardedSocket({}, () => `nobody-${process.pid}`)).toBeNull()
  })

  it('names the remote path after the login, with only path-safe characters', () => {
    expect(remoteForwardPath('dev')).toBe('/tmp/keyward-forward-dev.sock')
    expect(remoteForwardPath('../evil user')).toBe('/tmp/keyward-forward-.._evil_user.sock')
  })

  it('uses only a socket of this user: a missing one is the laptop unreachable, a file is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kw-fwdloc-'))
    expect(forwardedSocketProblem(join(dir, 'none.sock'))).toMatchObject({ kind: 'missing', message: expect.stringContaining('keyward ssh HOST') })
    expect(forwardedSocketProblem(dir)).toMatchObject({ kind: 'untrusted', message: expect.stringContaining('is not a socket') })
    const path = join(dir, 'f.sock')
    const server = createServer()
    await new Promise<void>((resolve) => server.listen(path, resolve))
    try {
      expect(forwardedSocketProblem(path)).toBeNull()
      expect(forwardedSocketProblem(path, (process.getuid?.() ?? 0) + 1)).toMatchObject({ kind: 'untrusted', message: expect.stringContaining('belongs to another user') })
    } finally {
      server.close()
    }
  })
})
