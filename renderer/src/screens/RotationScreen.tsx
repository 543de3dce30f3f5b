import { useEffect, useState } from 'react'
import type { ProfileKeyInfo } from '../../../shared/contract'
import type { WireError } from '../../../shared/errors'
import { DataTable } from '../components/DataTable'
import { useRotationStore } from '../stores/rotation-store'
import { AdminError } from '../components/AdminError'
import { uiMessage } from '../error-text'
import { shortDate } from './admin/admin-format'
import { useActionState } from '../components/use-action-state'
import { PendingActions, retireConfirmation } from './rotation/retire-actions'
import { StatusNote } from '../components/StatusNote'

/** The Key rotation screen: each API-key profile with its org key, age and reminder; rotate and retire. */
export function RotationScreen() {
  const { overview, loading, error, load, retire } = useRotationStore()
  const [rotating, setRotating] = useState<string | null>(null)
  const [message, setMessage] = useState<string | null>(null)
  const { actionError, setActionError, setConfirm, confirmDialog } = useActionState()
  useEffect(() => {
    void load()
  }, [load])

  const check = async (p: ProfileKeyInfo, confirmed: boolean) => {
    const { error: err, result } = await retire(p.profile, confirmed)
    setActionError(err)
    setMessage(result ? uiMessage(result.message) : null)
  }

  return (
    <section aria-labelledby="rotation-title">
      <div className="screen-header">
        <h1 id="rotation-title">Key rotation</h1>
        <button type="button" onClick={() => void load()} disabled={loading}>
          Refresh
        </button>
      </div>
      <AdminError error={error} />
      <AdminError error={actionError} />
      <StatusNote>{message}</StatusNote>
      {overview && (
        <>
          <p>
            Keys older than {overview.ageDays} days are due for rotation. An old key is deactivated once it has been unused for {overview.quietHours} h (or when you confirm).
          </p>
          {overview.errors.map((e) => (
            <AdminError key={e.orgId} error={{ code: 'UNAVAILABLE', message: e.message }} />
          ))}
          {overview.profiles.length === 0 ? (
            <p className="empty">No API-key profiles yet.</p>
          ) : (
            <DataTable
              aria-label="Key rotation"
              rows={overview.profiles}
              rowKey={(p) => p.profile}
              columns={[
                { key: 'profile', header: 'Profile', cell: (p) => p.profile, truncate: '10rem' },
                {
                  key: 'key',
                  header: 'Key',
                  cell: (p) => (
                    <>
                      <code>{p.hint}</code>
                      <div className="muted" title={p.orgKey?.keyId}>
                        {p.orgKey ? `${p.orgKey.keyName} in ${p.orgKey.orgName}` : 'Not matched to an org key'}
                      </div>
                    </>
                  ),
                },
                { key: 'workspace', header: 'Workspace', cell: (p) => (p.orgKey ? <code>{p.orgKey.workspaceId ?? 'organization'}</code> : '—') },
                {
                  key: 'status',
                  header: 'Status',
                  cell: (p) => (
                    <>
                      {p.orgKey?.status ?? '—'}
                      {p.pending && (
                        <div className="muted">
                          Rotating since {shortDate(p.pending.startedAt)}; old key <code>{p.pending.oldHint}</code>
                        </div>
                      )}
                    </>
                  ),
                },
                {
                  key: 'age',
                  header: 'Age',
                  cell: (p) => (
                    <>
                      {p.ageDays} d{p.rotationDue && <strong> · rotation due</strong>}
                    </>
                  ),
                },
                {
                  key: 'actions',
                  header: 'Actions',
                  cell: (p) =>
                    p.pending ? (
                      <PendingActions pending={p.pending} onCheck={() => void check(p, false)} onConfirm={() => setConfirm(retireConfirmation(p.pending!, () => check(p, true)))} />
                    ) : (
                      <button type="button" onClick={() => setRotating(p.profile)}>
                        Rotate
                      </button>
                    ),
                },
              ]}
            />
          )}
        </>
      )}
      {rotating && <RotateForm profile={rotating} onDone={() => setRotating(null)} />}
      {confirmDialog}
    </section>
  )
}

/** Takes the new key (a password field, cleared at once); the key goes to the core and never comes back. */
function RotateForm({ profile, onDone }: { profile: string; onDone(): void }) {
  const rotate = useRotationStore((s) => s.rotate)
  const [key, setKey] = useState('')
  const [error, setError] = useState<WireError | null>(null)
  return (
    <form
      className="panel"
      aria-label={`Rotate ${profile}`}
      onSubmit={(e) => {
        e.preventDefault()
        const value = key
        setKey('')
        void rotate(profile, value).then((err) => {
          setError(err)
          if (!err) onDone()
        })
      }}
    >
      <h2>Rotate {profile}</h2>
      <p>Create a new key in the Claude Console (same workspace), paste it here. It is served at once; the old key stays active until unused.</p>
      <label>
        New API key <input type="password" autoComplete="off" value={key} onChange={(e) => setKey(e.target.value)} required />
      </label>
      <button type="submit">Rotate</button>
      <button type="button" onClick={onDone}>
        Cancel
      </button>
      <AdminError error={error} />
    </form>
  )
}
