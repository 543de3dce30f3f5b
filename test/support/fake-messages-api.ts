import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One request the fake saw: enough to tell which credential Claude Code sent. */
export interface RecordedRequest {
  readonly method: string
  readonly path: string
  /** The `x-api-key` header, '' when absent. */
  readonly apiKey: string
  /** The `authorization` header, '' when absent. */
  readonly authorization: string
}

/** A running fake Messages API. */
export interface FakeMessagesApi {
  readonly url: string
  readonly requests: RecordedRequest[]
  /** The x-api-key of each POST /v1/messages, in order. */
  messageKeys(): string[]
  close(): Promise<void>
}

/** What the fake answers with; `reply` is the assistant's text. */
export interface FakeMessagesOptions {
  readonly reply?: string
  /** Status for a message request without a key (Claude Code retries 401s, which is slow in tests). */
  readonly missingKeyStatus?: number
  /** input_tokens each reply reports (default 10): many make Claude Code's own cost estimate of a turn show in dollars. */
  readonly inputTokens?: number
}

/**
 * A local stand-in for the Anthropic Messages API, enough for the real Claude Code CLI: answers
 * `HEAD /`, and `POST /v1/messages` with a streamed (SSE) or plain message, recording the
 * credential of every request. Listens on 127.0.0.1 on a port the OS picks.
 */
export async function startFakeMessagesApi(options: FakeMessagesOptions = {}): Promise<FakeMessagesApi> {
  const requests: RecordedRequest[] = []
  const reply = options.reply ?? 'Hello from the fake Messages API.'
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!
    const apiKey = header(req, 'x-api-key')
    requests.push({ method: req.method ?? '', path, apiKey, authorization: header(req, 'authorization') })
    readBody(req).then(
      (body) => answer(req.method ?? '', path, apiKey, body, res, reply, options.missingKeyStatus ?? 401, options.inputTokens ?? 10),
      () => res.destroy(),
    )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    messageKeys: () => requests.filter((r) => r.method === 'POST' && r.path === '/v1/messages').map((r) => r.apiKey),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

function header(req: IncomingMessage, name: string): string {
  const value = req.headers[name]
  return Array.isArray(value) ? value.join(',') : (value ?? '')
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => {
      body += chunk
      if (body.length > 10_000_000) req.destroy()
    })
    req.on('end', () => resolve(body))
    req.on('error', reject)
  })
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_fake_${Date.now()}` })
  res.end(JSON.stringify(value))
}

function answer(method: string, path: string, apiKey: string, body: string, res: ServerResponse, reply: string, missingKeyStatus: number, inputTokens: number): void {
  if (method === 'HEAD' || (method === 'GET' && path === '/')) {
    res.writeHead(200)
    res.end()
    return
  }
  if (method !== 'POST' || !path.startsWith('/v1/messages')) {
    sendJson(res, 404, { type: 'error', error: { type: 'not_found_error', message: `the fake Messages API has no ${method} ${path}` } })
    return
  }
  if (apiKey === '') {
    sendJson(res, missingKeyStatus, { type: 'error', error: { type: 'authentication_error', message: 'x-api-key header is required' } })
    return
  }
  if (path === '/v1/messages/count_tokens') {
    sendJson(res, 200, { input_tokens: 10 })
    return
  }
  let request: { model?: string; stream?: boolean }
  try {
    request = JSON.parse(body) as { model?: string; stream?: boolean }
  } catch {
    sendJson(res, 400, { type: 'error', error: { type: 'invalid_request_error', message: 'body is not JSON' } })
    return
  }
  const model = request.model ?? 'claude-sonnet-4-5'
  const id = `msg_fake_${Math.random().toString(36).slice(2, 10)}`
  const usage = { input_tokens: inputTokens, output_tokens: 8, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 }
  if (!request.stream) {
    sendJson(res, 200, { id, type: 'message', role: 'assistant', model, content: [{ type: 'text', text: reply }], stop_reason: 'end_turn', stop_sequence: null, usage })
    return
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' })
  const event = (name: string, data: unknown) => res.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`)
  event('message_start', {
    type: 'message_start',
    message: { id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } },
  })
  event('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } })
  event('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: reply } })
  event('content_block_stop', { type: 'content_block_stop', index: 0 })
  event('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 8 } })
  event('message_stop', { type: 'message_stop' })
  res.end()
}
