import { useState } from 'react'
import type { WireError } from '../../../shared/errors'
import { ConfirmDialog, type ConfirmRequest } from './ConfirmDialog'

/** A screen's last action error and its pending confirmation, with the ConfirmDialog element that asks it. */
export function useActionState() {
  const [actionError, setActionError] = useState<WireError | null>(null)
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null)
  const confirmDialog = <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
  return { actionError, setActionError, setConfirm, confirmDialog }
}
