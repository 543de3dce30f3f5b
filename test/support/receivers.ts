import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http'
import { type AddressInfo, connect, createServer as createNetServer } from 'node:net'
import { verifySignature } from '../../electron/core/alerts/channels/webhook/signature'

/** A free port on 127.0.0.1 (bound, read, released). */
export async function freePort(): Promise<number> {
  const probe = createNetServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as AddressInfo
  await new Promise((resolve) => probe.close(resolve))
  return port
}

/** Waits (bounded) until `check` is true; false when `ms` ran out. */
export async function waitFor(check: () => boolean | Promise<boolean>, ms: number, stepMs = 50): Promise<boolean> {
  const until = Date.now() + ms
  while (Date.now() < until) {
    if (await check()) return true
    await new Promise((resolve) => setTimeout(resolve, stepMs))
  }
  return check()
}

/** What the receiver does with the next request: take it, say 503, or take it and never answer (a reply lost). */
export type ReceiverMode = 'accept' | 'busy' | 'hang'

/**
 * A deduplicating webhook receiver on 127.0.0.1, as a careful receiver is written: it checks the
 * HMAC signature (401 when wrong), then takes each X-Keyward-Alert-Id once (`accepted`, in order)
 * and answers 200 to a repeat without taking it again (`duplicates`). `wire` lists every id that
 * arrived signed, repeats included.
 */
export interface WebhookReceiver {
  readonly url: string
  port: number
  readonly accepted: { id: string; body: Record<string, unknown> }[]
  readonly duplicates: string[]
  readonly wire: string[]
  readonly badSignatures: number
  /** Of those, the ones that carried a signature (a wrongly signed request, not an unsigned channel's). */
  readonly wrongSignatures: number
  mode: ReceiverMode
  /** Stops listening (an outage) until `listen` again on the same port. */
  close(): Promise<void>
  listen(): Promise<void>
}

/** Starts a receiver that verifies with `secret`; `port` 0 picks one. */
export async function startWebhookReceiver(secret: string, port = 0): Promise<WebhookReceiver> {
  let server: Server | null = null
  const receiver: WebhookReceiver & { badSignatures: number; wrongSignatures: number } = {
    url: '',
    port,
    accepted: [],
    duplicates: [],
    wire: [],
    badSignatures: 0,
    wrongSignatures: 0,
    mode: 'accept',
    close: async () => {
      if (!server) return
      server.closeAllConnections()
      await new Promise((resolve) => server!.close(resolve))
      server = null
    },
    listen: async () => {
      server = createServer((req, res) => handle(req, res))
      await new Promise<void>((resolve) => server!.listen(receiver.port, '127.0.0.1', resolve))
      receiver.port = (server.address() as AddressInfo).port
      ;(receiver as { url: string }).url = `http://127.0.0.1:${receiver.port}/hook`
    },
  }
  function handle(req: IncomingMessage, res: ServerResponse): void {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      const id = String(req.headers['x-keyward-alert-id'] ?? '')
      const ok = verifySignature(secret, Number(req.headers['x-keyward-timestamp']), body, String(req.headers['x-keyward-signature'] ?? ''))
      if (!ok) {
        receiver.badSignatures += 1
        if (req.headers['x-keyward-signature'] !== undefined) receiver.wrongSignatures += 1
        res.writeHead(401).end()
        return
      }
      const parsed = JSON.parse(body) as Record<string, unknown>
      if (parsed.id !== id) {
        res.writeHead(400).end()
        return
      }
      if (receiver.mode === 'busy') {
        receiver.wire.push(id)
        res.writeHead(503).end()
        return
      }
      receiver.wire.push(id)
      if (receiver.accepted.some((a) => a.id === id)) receiver.duplicates.push(id)
      else receiver.accepted.push({ id, body: parsed })
      if (receiver.mode === 'hang') return
      res.writeHead(200).end('ok')
    })
  }
  await receiver.listen()
  return receiver
}

/** A real SMTP server (Debian's python3-aiosmtpd) on 127.0.0.1 that prints each message it gets. */
export interface SmtpReceiver {
  readonly port: number
  readonly output: () => string
  /** Every Message-ID it printed, in order. */
  readonly messageIds: () => string[]
  stop(): Promise<void>
}

export const AIOSMTPD = '/usr/bin/python3'

/** Whether aiosmtpd can run here (else the SMTP tests print SKIPPED). */
export function aiosmtpdAvailable(): boolean {
  return existsSync(AIOSMTPD)
}

/** Starts `python3 -m aiosmtpd -n -l 127.0.0.1:PORT` and waits (bounded) until it accepts connections. */
export async function startSmtpReceiver(port: number): Promise<SmtpReceiver> {
  const child: ChildProcess = spawn(AIOSMTPD, ['-m', 'aiosmtpd', '-n', '-l', `127.0.0.1:${port}`], { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH, PYTHONUNBUFFERED: '1' } })
  let out = ''
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()))
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()))
  const up = await waitFor(
    () =>
      new Promise<boolean>((resolve) => {
        const socket = connect(port, '127.0.0.1')
        socket.once('connect', () => (socket.destroy(), resolve(true)))
        socket.once('error', () => resolve(false))
      }),
    10_000,
    100,
  )
  if (!up) {
    child.kill('SIGKILL')
    throw new Error(`aiosmtpd did not listen on ${port} within 10 s: ${out.slice(0, 400)}`)
  }
  return {
    port,
    output: () => out,
    messageIds: () => [...out.matchAll(/^Message-ID: <([^>]+)>$/gim)].map((m) => m[1]!),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}
