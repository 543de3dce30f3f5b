import { randomBytes } from 'node:crypto'
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Result } from '../../../../shared/result'
import type { Router } from '../../router'
import { type GateExpectation, TOKEN_HEADER, checkRequest } from './request-gate'
import { readStaticFile } from './static-files'

/** The largest `/rpc` body accepted; the contract has no input anywhere near this. */
export const MAX_RPC_BODY_BYTES = 1024 * 1024

/** The served renderer may load only its own files and talk only to its own origin. */
export const RENDERER_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'"

/** How to start the HTTP transport. */
export interface RpcHttpServerOptions {
  readonly router: Router
  /** The built renderer (`out/renderer`); without it only `/rpc` is served. */
  readonly staticDir?: string
  /** 0 (the default) lets the OS pick a free port. */
  readonly port?: number
  /** Tests pass one; otherwise 32 random bytes. */
  readonly token?: string
}

/** A running HTTP transport. */
export interface RpcHttpServer {
  /** `http://127.0.0.1:PORT` */
  readonly origin: string
  /** The URL to open: the origin with the token in its fragment, which browsers never send. */
  readonly url: string
  readonly token: string
  close(): Promise<void>
}

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
}

function send(res: ServerResponse, status: number, body: string | Buffer, contentType: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': contentType, 'cache-control': 'no-store', ...extra })
  res.end(body)
}

function sendResult(res: ServerResponse, status: number, result: Result<unknown>): void {
  send(res, status, JSON.stringify(result), 'application/json')
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        // Stop buffering but drain the rest, so the client reads its 413 instead of a reset;
        // Connection: close ends the socket after it, and requestTimeout bounds an endless body.
        req.removeAllListeners('data')
        req.resume()
        resolve('too-large')
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

async function handleRpc(req: IncomingMessage, res: ServerResponse, router: Router): Promise<void> {
  if (req.method !== 'POST') {
    return sendResult(res, 405, { ok: false, error: { code: 'INVALID_INPUT', message: '/rpc takes POST only.' } })
  }
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
    return sendResult(res, 415, { ok: false, error: { code: 'INVALID_INPUT', message: '/rpc takes Content-Type: application/json.' } })
  }
  const body = await readBody(req, MAX_RPC_BODY_BYTES)
  if (body === 'too-large') {
    res.setHeader('connection', 'close')
    return sendResult(res, 413, { ok: false, error: { code: 'INVALID_INPUT', message: `/rpc bodies are limited to ${MAX_RPC_BODY_BYTES} bytes.` } })
  }
  let call: unknown
  try {
    call = JSON.parse(body.toString('utf8'))
  } catch {
    return sendResult(res, 400, { ok: false, error: { code: 'INVALID_INPUT', message: '/rpc body is not valid JSON; send {"name": "...", "input": {...}}.' } })
  }
  if (typeof call !== 'object' || call === null || Array.isArray(call)) {
    return sendResult(res, 400, { ok: false, error: { code: 'INVALID_INPUT', message: '/rpc body must be an object {"name": "...", "input": {...}}.' } })
  }
  const { name, input } = call as { name?: unknown; input?: unknown }
  sendResult(res, 200, await router.call(name, input, { transport: 'http' }))
}

async function handleStatic(req: IncomingMessage, res: ServerResponse, staticDir: string | undefined): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed', 'text/plain')
  const file = staticDir ? await readStaticFile(staticDir, req.url ?? '/') : null
  if (!file) return send(res, 404, 'Not found', 'text/plain')
  send(res, 200, req.method === 'HEAD' ? '' : file.body, file.contentType, { 'content-security-policy': RENDERER_CSP })
}

/**
 * Starts the HTTP transport on 127.0.0.1: the built renderer on `/`, and the router on
 * `POST /rpc` behind the token. Every request must carry the exact loopback Host it bound and,
 * when a browser sends one, the server's own Origin.
 */
export async function startRpcHttpServer(options: RpcHttpServerOptions): Promise<RpcHttpServer> {
  const token = options.token ?? randomBytes(32).toString('base64url')
  const server: Server = createServer()
  server.headersTimeout = 10_000
  server.requestTimeout = 30_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  const origin = `http://127.0.0.1:${port}`
  const gate: GateExpectation = { host: `127.0.0.1:${port}`, origin, token }
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const isRpc = (req.url ?? '').split('?')[0] === '/rpc'
    const refusal = checkRequest({ host: req.headers.host, origin: req.headers.origin, [TOKEN_HEADER]: req.headers[TOKEN_HEADER] }, gate, isRpc)
    if (refusal) {
      return sendResult(res, 403, { ok: false, error: { code: 'NOT_ALLOWED', message: `Refused: ${refusal}.` } })
    }
    const work = isRpc ? handleRpc(req, res, options.router) : handleStatic(req, res, options.staticDir)
    work.catch(() => {
      if (!res.headersSent) sendResult(res, 500, { ok: false, error: { code: 'INTERNAL', message: 'The request failed inside Keyward.' } })
      else res.destroy()
    })
  })
  return {
    origin,
    url: `${origin}/#token=${token}`,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
