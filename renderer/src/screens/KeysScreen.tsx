import { useEffect } from 'react'
import { ErrorNotice } from '../components/ErrorNotice'
import { useProfilesStore } from '../stores/profiles-store'

/** The Keys screen: every profile with its masked hint. */
export function KeysScreen() {
  const { profiles, error, loading, load } = useProfilesStore()
  useEffect(() => {
    void load()
  }, [load])
  return (
    <section aria-labelledby="keys-title">
      <div className="screen-header">
        <h1 id="keys-title">Keys</h1>
        <button type="button" onClick={() => void load()} disabled={loading}>
          Refresh
        </button>
      </div>
      {error && <ErrorNotice error={error} />}
      {!error && profiles.length === 0 && !loading && (
        <p className="empty" data-testid="keys-empty">
          No keys yet. Add one with <code>keyward add NAME</code>, then bind a project with <code>keyward use NAME</code>.
        </p>
      )}
      {profiles.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Kind</th>
              <th scope="col">Key</th>
            </tr>
          </thead>
          <tbody>
            {profiles.map((p) => (
              <tr key={p.name}>
                <td>{p.name}</td>
                <td>{p.kind}</td>
                <td>
                  <code>{p.hint}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
