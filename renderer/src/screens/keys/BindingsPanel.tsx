import { type FormEvent, useId, useState } from 'react'
import type { ProfileSummary } from '../../../../shared/contract'
import type { WireError } from '../../../../shared/errors'
import { ErrorNotice } from '../../components/ErrorNotice'
import { TableHead } from '../../components/TableHead'
import { useBindingsStore } from '../../stores/bindings-store'

/** Directory bindings: the list, unbind, and a form to bind a directory to an API-key profile. */
export function BindingsPanel({ profiles }: { profiles: ProfileSummary[] }) {
  const { bindings, error: loadError, bind, unbind } = useBindingsStore()
  const apiProfiles = profiles.filter((p) => p.kind === 'api')
  const ids = { dir: useId(), profile: useId(), title: useId() }
  const [directory, setDirectory] = useState('')
  const [profile, setProfile] = useState('')
  const [error, setError] = useState<WireError | null>(null)
  const chosen = profile || apiProfiles[0]?.name || ''

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const failure = await bind(directory.trim(), chosen)
    setError(failure)
    if (!failure) setDirectory('')
  }

  return (
    <section aria-labelledby={ids.title}>
      <h2 id={ids.title}>Project bindings</h2>
      <p className="hint">A directory and everything under it gets the bound profile; the nearest bound parent wins.</p>
      {loadError && <ErrorNotice error={loadError} />}
      {bindings.length === 0 ? (
        <p className="empty">No directory is bound yet.</p>
      ) : (
        <table aria-labelledby={ids.title}>
          <TableHead columns={['Directory', 'Profile', { label: 'Actions', hidden: true }]} />
          <tbody>
            {bindings.map((b) => (
              <tr key={b.directory}>
                <th scope="row">
                  <code>{b.directory}</code>
                </th>
                <td>{b.profile}</td>
                <td>
                  <button type="button" onClick={() => void unbind(b.directory).then(setError)} aria-label={`Unbind ${b.directory}`}>
                    Unbind
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="bind-form" onSubmit={(e) => void submit(e)}>
        <div className="field">
          <label htmlFor={ids.dir}>Directory</label>
          <input id={ids.dir} value={directory} onChange={(e) => setDirectory(e.target.value)} placeholder="/home/me/code/project" spellCheck={false} required />
        </div>
        <div className="field">
          <label htmlFor={ids.profile}>Profile</label>
          <select id={ids.profile} value={chosen} onChange={(e) => setProfile(e.target.value)} disabled={apiProfiles.length === 0}>
            {apiProfiles.map((p) => (
              <option key={p.name} value={p.name}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" disabled={apiProfiles.length === 0 || directory.trim() === ''}>
          Bind directory
        </button>
      </form>
      {error && <ErrorNotice error={error} />}
    </section>
  )
}
