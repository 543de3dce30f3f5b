import { type FormEvent, useId, useState } from 'react'
import type { ProfileSummary } from '../../../../shared/contract'
import type { WireError } from '../../../../shared/errors'
import { ProfileName } from '../../../../shared/keys.schema'
import { useAppStore } from '../../stores/app-store'
import { useProfilesStore } from '../../stores/profiles-store'
import { guardEffect } from './guard-text'

/** One profile in the table: hint, kind, default, and its actions (rename inline; remove asks first). */
export function ProfileRow({ profile, onRemove, onError }: { profile: ProfileSummary; onRemove(): void; onError(error: WireError | null): void }) {
  const { rename, setDefault, setApproval, setForwardable } = useProfilesStore()
  const host = useAppStore((s) => s.info?.host ?? null)
  const effect = guardEffect(host)
  const [renaming, setRenaming] = useState(false)
  const [newName, setNewName] = useState(profile.name)
  const [invalid, setInvalid] = useState(false)
  const inputId = useId()

  const submitRename = async (event: FormEvent) => {
    event.preventDefault()
    if (!ProfileName.safeParse(newName).success) return setInvalid(true)
    const failure = await rename(profile.name, newName)
    onError(failure)
    if (!failure) setRenaming(false)
  }

  return (
    <tr>
      <th scope="row">
        {renaming ? (
          <form className="inline-form" onSubmit={(e) => void submitRename(e)}>
            <label htmlFor={inputId} className="visually-hidden">
              New name for {profile.name}
            </label>
            <input id={inputId} value={newName} onChange={(e) => (setNewName(e.target.value), setInvalid(false))} aria-invalid={invalid || undefined} autoFocus />
            <button type="submit">Save</button>
            <button type="button" onClick={() => setRenaming(false)}>
              Cancel
            </button>
            {invalid && <span className="field-error">Use 1 to 64 letters, digits, ".", "_" or "-".</span>}
          </form>
        ) : (
          profile.name
        )}
      </th>
      <td>{profile.kind === 'api' ? 'API' : 'Admin'}</td>
      <td>
        <code>{profile.hint}</code>
      </td>
      <td>{profile.isDefault ? <span className="badge">Default</span> : null}</td>
      <td>
        {profile.kind === 'api' ? (
          <>
            <label className="toggle" title={effect}>
              <input
                type="checkbox"
                role="switch"
                checked={profile.requiresApproval}
                onChange={(e) => void setApproval(profile.name, e.target.checked).then(onError)}
                aria-label={`Require approval before serving ${profile.name}`}
                aria-describedby={profile.requiresApproval ? `${inputId}-guard` : undefined}
              />
              <span aria-hidden="true">{profile.requiresApproval ? 'Guarded' : 'Off'}</span>
            </label>
            {profile.requiresApproval && host === 'daemon' && (
              <div id={`${inputId}-guard`} className="field-error">
                Refused: this daemon cannot ask, so it refuses every request for this key
              </div>
            )}
            {profile.requiresApproval && host !== 'daemon' && (
              <div id={`${inputId}-guard`} className="visually-hidden">
                {effect}
              </div>
            )}
          </>
        ) : (
          <span className="muted" title="Admin keys are never served to tools">—</span>
        )}
      </td>
      <td>
        {profile.kind === 'api' ? (
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
        ) : (
          <span className="muted" title="Admin keys are never served to tools">—</span>
        )}
      </td>
      <td className="actions">
        {profile.kind === 'api' && !profile.isDefault && (
          <button type="button" onClick={() => void setDefault(profile.name).then(onError)} aria-label={`Make ${profile.name} the default`}>
            Make default
          </button>
        )}
        {!renaming && (
          <button type="button" onClick={() => (setNewName(profile.name), setRenaming(true))} aria-label={`Rename ${profile.name}`}>
            Rename
          </button>
        )}
        <button type="button" className="danger" onClick={onRemove} aria-label={`Remove ${profile.name}`}>
          Remove
        </button>
      </td>
    </tr>
  )
}
