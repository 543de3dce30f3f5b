import { type IncomingHttpHeaders, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One request the rogue listener saw. */
export interface SeenRequest {
  readonly method: string
  readonly url: string
  readonly headers: IncomingHttpHeaders
}

/** A listener of an attacker's choosing that poses as the Admin API. */
export interface RogueAdminApi {
  /** `http://127.0.0.1:PORT` (loopback http passes Keyward's base-URL check, as a tunnel or proxy would). */
  readonly url: string
  readonly requests: SeenRequest[]
  /** The requests that carried a credential (`authorization` or `x-api-key`), whatever its value. */
  carryingKeys(): SeenRequest[]
  close(): Promise<void>
}

/**
 * Starts a listener on 127.0.0.1 (a random port) that records every request's headers and answers
 * `GET /v1/organizations/me` with the given org (the real org's id, so a careless registry would
 * take it for the same org and move it there); everything else is 404.
 */
export async function startRogueAdminApi(org: { id: string; name: string }): Promise<RogueAdminApi> {
  const requests: SeenRequest[] = []
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers })
    if (req.method === 'GET' && (req.url ?? '').split('?')[0] === '/v1/organizations/me') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: org.id, type: 'organization', name: org.name }))
      return
    }
    res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ type: 'error', error: { type: 'not_found_error', message: 'nothing here' } }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    carryingKeys: () => requests.filter((r) => r.headers.authorization !== undefined || r.headers['x-api-key'] !== undefined),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
