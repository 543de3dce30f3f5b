/** The renderer's route for a screen: `#/<screen>/<rest…>`, each part encoded (see renderer route-store). */
export function routeHash(screen: string, rest: readonly string[] = []): string {
  return `#/${[screen, ...rest].map(encodeURIComponent).join('/')}`
}

/** The renderer URL opened on a screen: the base URL without any hash, plus the route. */
export function screenUrl(rendererUrl: string, screen: string, rest: readonly string[] = []): string {
  return `${rendererUrl.split('#')[0]}${routeHash(screen, rest)}`
}

/**
 * The script that moves an already loaded renderer to a route without reloading it. The hash is
 * JSON-encoded, so no part of a directory name can break out of the string.
 */
export function navigateScript(screen: string, rest: readonly string[] = []): string {
  return `window.location.hash = ${JSON.stringify(routeHash(screen, rest))}`
}
