/** The part of Electron's `app` the lock needs. */
export interface InstanceApp {
  requestSingleInstanceLock(): boolean
  quit(): void
  on(event: 'second-instance', listener: (event: unknown, argv: string[], workingDirectory: string) => void): unknown
}

/**
 * Takes the single-instance lock. The first instance gets `true` and calls `onSecondInstance`
 * whenever the app is launched again (to focus its window); a later instance gets `false`
 * and quits, so there is only ever one core, one socket and one tray.
 */
export function acquireSingleInstance(app: InstanceApp, onSecondInstance: (argv: string[]) => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return false
  }
  app.on('second-instance', (_event, argv) => onSecondInstance(argv))
  return true
}

/** Reads a deep link (`--open=usage/key/abc` or `keyward://usage/...`) from a launch's argv, if any. */
export function screenFromArgv(argv: readonly string[]): { screen: string; rest: string[] } | null {
  for (const arg of argv) {
    const m = /^(?:--open=|keyward:\/\/)([a-z][a-z0-9-]*)((?:\/[^/]+)*)\/?$/.exec(arg)
    if (m) {
      const rest = (m[2] ?? '')
        .split('/')
        .filter(Boolean)
        .map((s) => {
          try {
            return decodeURIComponent(s)
          } catch {
            return s
          }
        })
      return { screen: m[1]!, rest }
    }
  }
  return null
}
