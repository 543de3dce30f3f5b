import { randomBytes } from 'node:crypto'
import { type Notice, describeNotice } from '../notify/notice'
import type { Alert } from './channel'

/** A fresh alert id: random, so two machines never collide and a receiver can deduplicate on it. */
export const newAlertId = (): string => `alrt_${randomBytes(12).toString('hex')}`

/** The alert a channel sends for `notice`: its words as on the desktop, and its fields for JSON receivers. */
export function alertFromNotice(notice: Notice, id: string, createdAt: Date): Alert {
  const { title, body } = describeNotice(notice)
  const { channels: _channels, kind, ...details } = notice
  return { id, kind, title, body, createdAt: createdAt.toISOString(), details }
}
