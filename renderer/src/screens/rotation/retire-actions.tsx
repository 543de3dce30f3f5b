import type { PendingRotationView } from '../../../../shared/contract'
import type { ConfirmRequest } from '../../components/ConfirmDialog'

/** True when Keyward can deactivate the old key itself: it matched a key of an org Keyward administers. */
export const canDeactivate = (pending: PendingRotationView): boolean => pending.orgId !== null && pending.oldKeyId !== null

/**
 * What confirming the end of a rotation will really do: deactivate the old key through the Admin API,
 * or, when the key matched no org Keyward administers, only forget it here while it stays active.
 */
export function retireConfirmation(pending: PendingRotationView, run: () => Promise<void>): ConfirmRequest {
  if (canDeactivate(pending)) {
    return {
      title: `Deactivate the old key of ${pending.profile} now?`,
      body: <p>Keyward sets the old key inactive in the org now. Anything still using it starts failing.</p>,
      confirmLabel: 'Deactivate old key',
      run,
    }
  }
  return {
    title: `Forget the old key of ${pending.profile}?`,
    body: (
      <>
        <p>Keyward cannot deactivate this key: it matched no org that Keyward administers. Keyward only forgets it here; the key itself stays active, and anything using it keeps working.</p>
        <p>Deactivate it yourself in the Claude Console (Settings → API keys).</p>
      </>
    ),
    confirmLabel: 'Forget old key',
    run,
  }
}

/** A pending rotation's buttons: check (retire once unused) and the confirmed step that says what it does. */
export function PendingActions({ pending, onCheck, onConfirm }: { pending: PendingRotationView; onCheck(): void; onConfirm(): void }) {
  return (
    <>
      <button type="button" onClick={onCheck}>
        Check and retire old key
      </button>
      <button type="button" className="danger" onClick={onConfirm}>
        {canDeactivate(pending) ? 'Deactivate old key now' : 'Forget old key'}
      </button>
    </>
  )
}
