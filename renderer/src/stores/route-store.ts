import { create } from 'zustand'

/** The current route, from the URL hash: `#/<screen>/<rest…>` (deep links from the tray use it too). */
export interface Route {
  readonly screen: string
  readonly rest: readonly string[]
}

/** Parses `#/usage/key/abc` into `{ screen: 'usage', rest: ['key', 'abc'] }`; empty means the first screen. */
export function parseRoute(hash: string, fallback: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent)
  return { screen: parts[0] ?? fallback, rest: parts.slice(1) }
}

interface RouteState {
  route: Route
  navigate(screen: string, ...rest: string[]): void
}

/** The route store; it follows `hashchange`, so the back button and deep links work. */
export const useRouteStore = create<RouteState>((set) => {
  if (typeof window !== 'undefined') {
    window.addEventListener('hashchange', () => set({ route: parseRoute(window.location.hash, 'profiles') }))
  }
  return {
    route: parseRoute(typeof window === 'undefined' ? '' : window.location.hash, 'profiles'),
    navigate(screen, ...rest) {
      window.location.hash = `#/${[screen, ...rest].map(encodeURIComponent).join('/')}`
    },
  }
})
