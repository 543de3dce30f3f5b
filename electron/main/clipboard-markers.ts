/**
 * Which extra clipboard formats mark a copied key as a secret, per OS. Clipboard managers that
 * honour them do not keep the key in their history; nothing can make every manager honour them:
 *
 * - macOS: `org.nspasteboard.ConcealedType` (keep it out of view) and `org.nspasteboard.TransientType`
 *   (do not record it at all), the nspasteboard.org convention that history managers follow (Maccy and
 *   Alfred among them); only the type's presence counts, so the payload is empty. Electron
 *   cannot ask for a local-only pasteboard (`NSPasteboardContentsCurrentHostOnly`), so Universal
 *   Clipboard may still hand the key to the user's other Apple devices.
 * - Windows (registered formats): `ExcludeClipboardContentFromMonitorProcessing` (its presence makes
 *   monitors that honour it skip the entry), `CanIncludeInClipboardHistory` and
 *   `CanUploadToCloudClipboard`, each a DWORD 0 (four little-endian zero bytes): Win+V history and
 *   the cloud clipboard (Windows 10 1809 and later) leave it out. Third-party monitors may ignore them.
 * - Linux and the BSDs (X11 and Wayland): `x-kde-passwordManagerHint` = `secret` (UTF-8), which
 *   KDE's Klipper honours; other managers (GNOME Shell extensions, GPaste, many Wayland history
 *   tools) may ignore it. Without any manager the key lives only in Keyward's process, which owns
 *   the selection, until it is cleared.
 */

/** Electron's key for a raw platform clipboard format in a ClipboardItem. */
export function osFormat(name: string): string {
  return `electron application/osclipboard;format="${name}"`
}

/** A Windows clipboard DWORD 0: four little-endian zero bytes (a new array each time: payloads are not shared). */
const dwordZero = () => new Uint8Array(4)

/** The marker formats (raw OS format key → payload bytes) that go beside the key's text on `platform`. */
export function secretMarkers(platform: NodeJS.Platform): Record<string, Uint8Array> {
  switch (platform) {
    case 'darwin':
      return { [osFormat('org.nspasteboard.ConcealedType')]: new Uint8Array(0), [osFormat('org.nspasteboard.TransientType')]: new Uint8Array(0) }
    case 'win32':
      return {
        [osFormat('ExcludeClipboardContentFromMonitorProcessing')]: dwordZero(),
        [osFormat('CanIncludeInClipboardHistory')]: dwordZero(),
        [osFormat('CanUploadToCloudClipboard')]: dwordZero(),
      }
    default:
      return { [osFormat('x-kde-passwordManagerHint')]: new TextEncoder().encode('secret') }
  }
}
