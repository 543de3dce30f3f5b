import { useEffect, useState } from 'react'
import { ErrorMessage } from '../components/ErrorMessage'
import { DataTable } from '../components/DataTable'
import { ClaudeCodeEstimates } from '../components/ClaudeCodeEstimates'
import { useAppStore } from '../stores/app-store'
import { useBindingsStore } from '../stores/bindings-store'
import { useProfilesStore } from '../stores/profiles-store'
import { useActionState } from '../components/use-action-state'
import { AddKeyForm } from './profiles/AddKeyForm'
import { BindingsPanel } from './profiles/BindingsPanel'
import { profileColumns } from './profiles/profile-columns'
import { guardEffect } from './profiles/guard-text'
import './profiles/profiles.css'

/** The Profiles screen: profiles with masked hints (never keys), adding, renaming, removing, the default, and bindings. */
export function ProfilesScreen() {
  const { profiles, error, loading, load, remove } = useProfilesStore()
  const { bindings, load: loadBindings } = useBindingsStore()
  const { actionError, setActionError, setConfirm, confirmDialog } = useActionState()
  const host = useAppStore((s) => s.info?.host ?? null)
  const [renaming, setRenaming] = useState<string | null>(null)
  useEffect(() => {
    void load()
    void loadBindings()
  }, [load, loadBindings])

  const askRemove = (name: string, isDefault: boolean) => {
    const bound = bindings.filter((b) => b.profile === name).map((b) => b.directory)
    setConfirm({
      title: `Remove ${name}?`,
      body: (
        <>
          <p>The key is deleted from the OS keychain. Tools in its projects will no longer get a key.</p>
          {bound.length > 0 && (
            <>
              <p>These bindings are removed too:</p>
              <ul>
                {bound.map((d) => (
                  <li key={d}>
                    <code>{d}</code>
                  </li>
                ))}
              </ul>
            </>
          )}
          {isDefault && <p>It is the default profile; there will be no default.</p>}
        </>
      ),
      confirmLabel: 'Remove',
      run: async () => {
        setActionError(await remove(name, true))
        await loadBindings()
      },
    })
  }

  return (
    <section aria-labelledby="profiles-title">
      <div className="screen-header">
        <h1 id="profiles-title">Profiles</h1>
        <button type="button" onClick={() => (void load(), void loadBindings())} disabled={loading}>
          Refresh
        </button>
      </div>
      {error && <ErrorMessage error={error} />}
      {actionError && <ErrorMessage error={actionError} />}
      {!error && profiles.length === 0 && !loading && (
        <p className="empty" data-testid="profiles-empty">
          No profiles yet. Add a key below, or with <code>keyward add NAME</code>; then bind a project with <code>keyward use NAME</code>.
        </p>
      )}
      {profiles.length > 0 && (
        <DataTable
          aria-labelledby="profiles-title"
          rows={profiles}
          rowKey={(p) => p.name}
          columns={profileColumns({ renaming, setRenaming, onRemove: (p) => askRemove(p.name, p.isDefault), onError: (e) => (setActionError(e), void loadBindings()) })}
        />
      )}
      {profiles.some((p) => p.kind === 'api') && (
        <p className="muted" data-testid="guard-effect">
          Approval (the guard): {guardEffect(host)}
        </p>
      )}
      <ClaudeCodeEstimates by="profile" />
      <AddKeyForm />
      <BindingsPanel profiles={profiles} />
      {confirmDialog}
    </section>
  )
}
