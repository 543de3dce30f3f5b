import { KeyHint } from '../../components/KeyHint'
import { type FormEvent, useId, useState } from 'react'
import type { ProfileSummary } from '../../../../shared/contract'
import type { WireError } from '../../../../shared/errors'
import { ProfileName } from '../../../../shared/keys.schema'
import type { Column } from '../../components/columns'
import { useAppStore } from '../../stores/app-store'
import { useProfilesStore } from '../../stores/profiles-store'
import { guardEffect } from './guard-text'

/** What the Keys table's cells act through: which profile is being renamed, and the screen's handlers. */
export interface ProfileTableActions {
  readonly renaming: string | null
  setRenaming(name: string | null): void
  onRemove(profile: ProfileSummary): void
  onError(error: WireError | null): void
}

/** The inline rename form; it starts from the profile's name each time renaming starts. */
function RenameForm({ profile, actions }: { profile: ProfileSummary; actions: ProfileTableActions }) {
  const rename = useProfilesStore((s) => s.rename)
  const [newName, setNewName] = useState(profile.name)
  const [invalid, setInvalid] = useState(false)
  const inputId = useId()
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!ProfileName.safeParse(newName).success) return setInvalid(true)
    const failure = await rename(profile.name, newName)
    actions.onError(failure)
    if (!failure) actions.setRenaming(null)
  }
  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)}>
      <label htmlFor={inputId} className="visually-hidden">
        New name for {profile.name}
      </label>
      <input id={inputId} value={newName} onChange={(e) => (setNewName(e.target.value), setInvalid(false))} aria-invalid={invalid || undefined} autoFocus />
      <button type="submit">Save</button>
      <button type="button" onClick={() => actions.setRenaming(null)}>
        Cancel
      </button>
      {invalid && <span className="field-error">Use 1 to 64 letters, digits, ".", "_" or "-".</span>}
    </form>
  )
}

/** The approval (guard) switch of an API key, and what it does on this host. */
function ApprovalCell({ profile, onError }: { profile: ProfileSummary; onError(error: WireError | null): void }) {
  const setApproval = useProfilesStore((s) => s.setApproval)
  const host = useAppStore((s) => s.info?.host ?? null)
  const effect = guardEffect(host)
  const guardId = useId()
  if (profile.kind !== 'api') return <NeverServed />
  return (
    <>
      <label className="toggle" title={effect}>
        <input
          type="checkbox"
          role="switch"
          checked={profile.requiresApproval}
          onChange={(e) => void setApproval(profile.name, e.target.checked).then(onError)}
          aria-label={`Require approval before serving ${profile.name}`}
          aria-describedby={profile.requiresApproval ? guardId : undefined}
        />
        <span aria-hidden="true">{profile.requiresApproval ? 'Guarded' : 'Off'}</span>
      </label>
      {profile.requiresApproval && host === 'daemon' && (
        <div id={guardId} className="field-error">
          Refused: this daemon cannot ask, so it refuses every request for this key
        </div>
      )}
      {profile.requiresApproval && host !== 'daemon' && (
        <div id={guardId} className="visually-hidden">
          {effect}
        </div>
      )}
    </>
  )
}

/** The forwarding switch of an API key: whether machines reached over SSH may get it. */
function ForwardCell({ profile, onError }: { profile: ProfileSummary; onError(error: WireError | null): void }) {
  const setForwardable = useProfilesStore((s) => s.setForwardable)
  if (profile.kind !== 'api') return <NeverServed />
  return (
    <label className="toggle" title="Machines you connect to over SSH through Keyward can get this key from here while the session lasts. Each forwarded key is in the audit log with the remote host.">
      <input
        type="checkbox"
        role="switch"
        checked={profile.forwardable}
        onChange={(e) => void setForwardable(profile.name, e.target.checked).then(onError)}
        aria-label={`Forward ${profile.name} to machines reached over SSH`}
      />
      <span aria-hidden="true">{profile.forwardable ? 'Forwarded' : 'Off'}</span>
    </label>
  )
}

function NeverServed() {
  return (
    <span className="muted" title="Admin keys are never served to tools">
      —
    </span>
  )
}

/** A profile's actions: make it the default, rename it inline, remove it (which asks first). */
function ActionsCell({ profile, actions }: { profile: ProfileSummary; actions: ProfileTableActions }) {
  const setDefault = useProfilesStore((s) => s.setDefault)
  return (
    <>
      {profile.kind === 'api' && !profile.isDefault && (
        <button type="button" onClick={() => void setDefault(profile.name).then(actions.onError)} aria-label={`Make ${profile.name} the default`}>
          Make default
        </button>
      )}
      {actions.renaming !== profile.name && (
        <button type="button" onClick={() => actions.setRenaming(profile.name)} aria-label={`Rename ${profile.name}`}>
          Rename
        </button>
      )}
      <button type="button" className="danger" onClick={() => actions.onRemove(profile)} aria-label={`Remove ${profile.name}`}>
        Remove
      </button>
    </>
  )
}

/** The Profiles table's columns: name (renamed inline), kind, masked hint, default, approval, forwarding, and actions. */
export function profileColumns(actions: ProfileTableActions): readonly Column<ProfileSummary>[] {
  return [
    { key: 'name', header: 'Name', rowHeader: true, cell: (p) => (actions.renaming === p.name ? <RenameForm profile={p} actions={actions} /> : p.name), truncate: '10rem' },
    { key: 'kind', header: 'Kind', cell: (p) => (p.kind === 'api' ? 'API' : 'Admin') },
    {
      key: 'hint',
      header: 'Key',
      cell: (p) => <KeyHint hint={p.hint} maxWidth="13rem" />,
    },
    { key: 'default', header: 'Default', cell: (p) => (p.isDefault ? <span className="badge">Default</span> : null) },
    { key: 'approval', header: 'Approval', cell: (p) => <ApprovalCell profile={p} onError={actions.onError} /> },
    { key: 'forwarded', header: 'Forwarded', cell: (p) => <ForwardCell profile={p} onError={actions.onError} /> },
    { key: 'actions', header: 'Actions', headerHidden: true, cell: (p) => <ActionsCell profile={p} actions={actions} />, cellProps: () => ({ className: 'actions' }) },
  ]
}
