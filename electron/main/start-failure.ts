import { redactSecrets } from '../../shared/redact'

/** Says why the app could not start and quits with a failure code, instead of living on with no tray and no window. */
export function failStart(deps: { showErrorBox(title: string, content: string): void; exit(code: number): void; log: (line: string) => void }, error: unknown): void {
  // Never a stack, never a key: the same redaction as the tray's messages.
  const message = redactSecrets(error instanceof Error ? error.message : String(error))
  deps.log(`could not start: ${message}`)
  deps.showErrorBox('Keyward could not start', `${message}\n\nKeyward will quit. Start it again; if this happens every time, run keyward doctor in a terminal.`)
  deps.exit(1)
}
