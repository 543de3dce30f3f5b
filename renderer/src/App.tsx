import { useEffect } from 'react'
import { ErrorNotice } from './components/ErrorNotice'
import { KeysScreen } from './screens/KeysScreen'
import { useAppStore } from './stores/app-store'

/** The app shell: navigation, the current screen, and which core answers. */
export function App() {
  const { info, error, load } = useAppStore()
  useEffect(() => {
    void load()
  }, [load])
  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">Keyward</span>
        <nav aria-label="Main">
          <a href="#/keys" aria-current="page">
            Keys
          </a>
        </nav>
      </header>
      <main>
        {error && <ErrorNotice error={error} />}
        <KeysScreen />
      </main>
      <footer className="statusbar" data-testid="status">
        {info ? `Keyward ${info.version} · ${info.host} · ${info.platform}` : 'Connecting…'}
      </footer>
    </div>
  )
}
