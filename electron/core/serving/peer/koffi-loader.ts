/** koffi's module type, loaded only by the daemon and the app (never by `keyward helper`). */
export type Koffi = typeof import('koffi')

/** Imports koffi (a CommonJS native module) and unwraps its default export. */
export async function loadKoffi(): Promise<Koffi> {
  const module = (await import('koffi')) as Koffi & { default?: Koffi }
  return module.default ?? module
}

/** The descriptor of an accepted Unix socket: libuv's fd behind Node's net.Socket, or null (a pipe on Windows has none). */
export function socketFd(socket: unknown): number | null {
  const fd = (socket as { _handle?: { fd?: unknown } })._handle?.fd
  return typeof fd === 'number' && fd >= 0 ? fd : null
}
