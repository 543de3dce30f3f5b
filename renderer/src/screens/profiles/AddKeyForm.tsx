import { type FormEvent, useId, useState } from 'react'
import type { WireError } from '../../../../shared/errors'
import { type KeyKind, ProfileName, checkKey } from '../../../../shared/keys.schema'
import { ErrorMessage } from '../../components/ErrorMessage'
import { useProfilesStore } from '../../stores/profiles-store'

/**
 * Adds a profile by pasting a key. The key is checked here with the shared rules (and again in
 * the core), sent once, and the field is emptied after every submit so it does not linger in the DOM.
 */
export function AddKeyForm() {
  const add = useProfilesStore((s) => s.add)
  const ids = { name: useId(), nameError: useId(), key: useId(), keyError: useId() }
  const [name, setName] = useState('')
  const [kind, setKind] = useState<KeyKind>('api')
  const [key, setKey] = useState('')
  const [nameError, setNameError] = useState<string | null>(null)
  const [keyError, setKeyError] = useState<string | null>(null)
  const [error, setError] = useState<WireError | null>(null)
  const [added, setAdded] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const pasted = key
    setKey('')
    setAdded(null)
    setError(null)
    const nameOk = ProfileName.safeParse(name).success
    const checked = checkKey(kind, pasted)
    setNameError(nameOk ? null : 'Use 1 to 64 letters, digits, ".", "_" or "-".')
    setKeyError(checked.ok ? null : `${checked.message[0]!.toUpperCase()}${checked.message.slice(1)}. Paste it again.`)
    if (!nameOk || !checked.ok) return
    setBusy(true)
    const failure = await add({ name, kind, key: checked.key })
    setBusy(false)
    if (failure) setError(failure)
    else {
      setAdded(name)
      setName('')
    }
  }

  return (
    <form className="add-key" aria-labelledby={`${ids.name}-legend`} onSubmit={(e) => void submit(e)} noValidate>
      <fieldset disabled={busy}>
        <legend id={`${ids.name}-legend`}>Add a key</legend>
        <div className="field">
          <label htmlFor={ids.name}>Profile name</label>
          <input
            id={ids.name}
            value={name}
            onChange={(e) => setName(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            aria-invalid={nameError ? true : undefined}
            aria-describedby={nameError ? ids.nameError : undefined}
          />
          {nameError && (
            <p id={ids.nameError} className="field-error">
              {nameError}
            </p>
          )}
        </div>
        <div className="field" role="radiogroup" aria-label="Kind of key">
          <label>
            <input type="radio" name="kind" value="api" checked={kind === 'api'} onChange={() => setKind('api')} /> API key (sk-ant-api03-…)
          </label>
          <label>
            <input type="radio" name="kind" value="admin" checked={kind === 'admin'} onChange={() => setKind('admin')} /> Admin key (sk-ant-admin01-…)
          </label>
        </div>
        <div className="field">
          <label htmlFor={ids.key}>Key</label>
          <input
            id={ids.key}
            type="password"
            value={key}
            onChange={(e) => setKey(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            aria-invalid={keyError ? true : undefined}
            aria-describedby={keyError ? ids.keyError : undefined}
          />
          {keyError && (
            <p id={ids.keyError} className="field-error">
              {keyError}
            </p>
          )}
        </div>
        <button type="submit">Add key</button>
      </fieldset>
      {error && <ErrorMessage error={error} />}
      {added && (
        <p role="status" className="callout">
          Added {added}. The key is in the OS keychain; only its hint is shown here.
        </p>
      )}
    </form>
  )
}
