import { Truncated } from '../../components/Truncated'
import { type FormEvent, useId, useState } from 'react'
import type { ProfileSummary } from '../../../../shared/contract'
import type { WireError } from '../../../../shared/errors'
import { ErrorMessage } from '../../components/ErrorMessage'
import { DataTable } from '../../components/DataTable'
import { boundMessage } from '../../binding-message'
import { useBindingsStore } from '../../stores/bindings-store'
import { SelectOptions } from '../../components/SelectOptions'
import { StatusNote } from '../../components/StatusNote'

/** Directory bindings: the list, unbind, and a form to bind a directory to an API-key profile. */
export function BindingsPanel({ profiles }: { profiles: ProfileSummary[] }) {
  const { bindings, error: loadError, bind, unbind } = useBindingsStore()
  const apiProfiles = profiles.filter((p) => p.kind === 'api')
  const ids = { dir: useId(), dirHint: useId(), profile: useId(), title: useId() }
  const [directory, setDirectory] = useState('')
  const [profile, setProfile] = useState('')
  const [error, setError] = useState<WireError | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const chosen = profile || apiProfiles[0]?.name || ''

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setDone(null)
    const result = await bind(directory.trim(), chosen)
    setError(result.error)
    if (result.error) return
    setDirectory('')
    setDone(boundMessage(result.directory, chosen, result.replaced))
  }

  return (
    <section aria-labelledby={ids.title}>
      <h2 id={ids.title}>Project bindings</h2>
      <p className="hint">A directory and everything under it gets the bound profile; the nearest bound parent wins.</p>
      {loadError && <ErrorMessage error={loadError} />}
      {bindings.length === 0 ? (
        <p className="empty">No directory is bound yet.</p>
      ) : (
        <DataTable
          aria-labelledby={ids.title}
          rows={bindings}
          rowKey={(b) => b.directory}
          columns={[
            {
              key: 'directory',
              header: 'Directory',
              rowHeader: true,
              cell: (b) => (
                <Truncated text={b.directory} maxWidth="22rem">
                  <code>{b.directory}</code>
                </Truncated>
              ),
            },
            { key: 'profile', header: 'Profile', cell: (b) => b.profile, truncate: '10rem' },
            {
              key: 'actions',
              header: 'Actions',
              headerHidden: true,
              cell: (b) => (
                <button type="button" onClick={() => void unbind(b.directory).then(setError)} aria-label={`Unbind ${b.directory}`}>
                  Unbind
                </button>
              ),
            },
          ]}
        />
      )}
      <form className="bind-form" onSubmit={(e) => void submit(e)}>
        <div className="field">
          <label htmlFor={ids.dir}>Directory</label>
          <input id={ids.dir} value={directory} onChange={(e) => setDirectory(e.target.value)} placeholder="~/code/project" spellCheck={false} required aria-describedby={ids.dirHint} />
          <span id={ids.dirHint} className="hint">
            The whole path, starting with / or ~
          </span>
        </div>
        <div className="field">
          <label htmlFor={ids.profile}>Profile</label>
          <select id={ids.profile} value={chosen} onChange={(e) => setProfile(e.target.value)} disabled={apiProfiles.length === 0}>
            <SelectOptions items={apiProfiles} value={(p) => p.name} />
          </select>
        </div>
        <button type="submit" disabled={apiProfiles.length === 0 || directory.trim() === ''}>
          Bind directory
        </button>
      </form>
      {error && <ErrorMessage error={error} />}
      <StatusNote>{done}</StatusNote>
    </section>
  )
}
