import type { PeerLookup } from './peer-identity'

/**
 * The PeerLookup for this OS, with koffi loaded now (the daemon and the app only; `keyward helper`
 * never imports this). Null when this OS has none, or koffi or a symbol failed to load; the reason is
 * logged, and the server then serves without identifying callers, as before.
 */
export async function loadOsPeerLookup(platform: NodeJS.Platform = process.platform, log: (line: string) => void = () => {}): Promise<PeerLookup | null> {
  try {
    const { loadKoffi } = await import('./koffi-loader')
    if (platform === 'linux') return (await import('./linux-peer')).createLinuxPeerLookup(await loadKoffi())
    if (platform === 'darwin') return (await import('./darwin-peer')).createDarwinPeerLookup(await loadKoffi())
    // None on Windows: Node gives JavaScript no named pipe's HANDLE to ask GetNamedPipeClientProcessId about.
    log(
      `socket: ${platform === 'win32' ? 'Windows (Node does not expose the pipe handle)' : platform} has no peer-credential lookup yet; callers of the key socket are not identified and their directories not checked`,
    )
    return null
  } catch (error) {
    log(`socket: could not load the peer-credential lookup (${error instanceof Error ? error.message : String(error)}); callers of the key socket are not identified`)
    return null
  }
}
