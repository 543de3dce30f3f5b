import { useEffect } from 'react'
import { ErrorNotice } from './components/ErrorNotice'
import { screens } from './screens/registry'
import { useAppStore } from './stores/app-store'
import { useRouteStore } from './stores/route-store'

/** The app shell: navigation, the current screen, and which core answers. */
export function App() {
  const { info, error, load } = useAppStore()
  const route = useRouteStore((s) => s.route)
  useEffect(() => {
    void load()
  }, [load])
  const current = screens.find((s) => s.id === route.screen) ?? screens[0]!
  const Screen = current.component
  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">Keyward</span>
        <nav aria-label="Main">
          {screens.map((s) => (
            <a key={s.id} href={`#/${s.id}`} aria-current={s.id === current.id ? 'page' : undefined}>
              {s.title}
            </a>
          ))}
        </nav>
      </header>
      <main>
        {error && <ErrorNotice error={error} />}
        <Screen />
      </main>
      <footer className="statusbar" data-testid="status">
        {info ? `Keyward ${info.version} · ${info.host} · ${info.platform}` : 'Connecting…'}
      </footer>
    </div>
  )
}
