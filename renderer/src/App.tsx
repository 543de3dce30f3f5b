import { useEffect, useRef } from 'react'
import { ErrorMessage } from './components/ErrorMessage'
import { TokenPage } from './components/TokenPage'
import { useAccessStore } from './stores/access-store'
import { screens } from './screens/registry'
import { useAppStore } from './stores/app-store'
import { useRouteStore } from './stores/route-store'

/** The app shell: skip link, navigation, the current screen, and which core answers. */
export function App() {
  const problem = useAccessStore((s) => s.problem)
  return problem ? <TokenPage problem={problem} /> : <Shell />
}

function Shell() {
  const { info, error, load } = useAppStore()
  const route = useRouteStore((s) => s.route)
  const mainRef = useRef<HTMLElement>(null)
  const firstRender = useRef(true)
  useEffect(() => {
    void load()
  }, [load])
  const current = screens.find((s) => s.id === route.screen) ?? screens[0]!
  useEffect(() => {
    document.title = `${current.title} · Keyward`
    // After a route change, move focus to the new screen so keyboard and screen-reader users land on it.
    if (firstRender.current) firstRender.current = false
    else mainRef.current?.focus({ preventScroll: true })
  }, [current.id, current.title])
  const Screen = current.component
  return (
    <div className="shell">
      <a className="skip-link" href="#main" onClick={(e) => (e.preventDefault(), mainRef.current?.focus())}>
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Keyward
        </span>
      </header>
      <nav className="sidebar" aria-label="Main">
        <ul>
          {screens.map((s) => (
            <li key={s.id}>
              <a href={`#/${s.id}`} aria-current={s.id === current.id ? 'page' : undefined}>
                {s.title}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" ref={mainRef} tabIndex={-1} data-screen={current.id}>
        {error && <ErrorMessage error={error} onRetry={() => void load()} />}
        <Screen />
      </main>
      <footer className="statusbar" data-testid="status">
        {info ? `Keyward ${info.version} · ${info.host} · ${info.platform}` : 'Connecting…'}
      </footer>
    </div>
  )
}
