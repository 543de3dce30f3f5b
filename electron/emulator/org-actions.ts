/**
 * State changes shared by the HTTP handlers and the test/demo helpers: minting keys, changing
 * a key's status (which starts or stops its usage), and the spend-limit writes switch.
 */
import { fakeApiKeySecret, partialKeyHint, runtimeRng, taggedId } from './ids'
import type { ApiKeyRecord, OrgState } from './org-state'
import { ceilHourOf, hourOf, isoOf } from './time'
import type { BetaAPIKey } from './wire-types'

/** Mints an id (or key secret) for a runtime-created object; deterministic from the seed and a serial. */
export function mintId(state: OrgState, prefix: string): string {
  return taggedId(prefix, runtimeRng(state.seed, state.nextSerial++))
}

/** Options for adding an org API key at runtime (the Admin API cannot create keys; tests and the demo can). */
export interface AddApiKeyOptions {
  name: string
  workspaceId?: string
  createdByUserId?: string
  /** Use this exact secret (it must look like `sk-ant-api03-…`); otherwise one is minted. */
  secret?: string
}

/** Adds an active key created at `nowMs`; its usage starts at the next whole hour. Returns the record (with its secret). */
export function addApiKey(state: OrgState, nowMs: number, options: AddApiKeyOptions): ApiKeyRecord {
  const workspaceId = options.workspaceId ?? state.defaultWorkspaceId
  if (!state.workspaces.some((w) => w.id === workspaceId && w.archived_at === null)) throw new Error(`No active workspace ${workspaceId}`)
  const creator = options.createdByUserId ?? state.users[0]?.id
  if (!creator || !state.users.some((u) => u.id === creator)) throw new Error('createdByUserId must name an org user')
  const secret = options.secret ?? fakeApiKeySecret(runtimeRng(state.seed, state.nextSerial++))
  if (!/^sk-ant-api03-[A-Za-z0-9_-]{20,}$/.test(secret)) throw new Error('secret must look like sk-ant-api03-…')
  const index = state.apiKeys.reduce((max, k) => Math.max(max, k.index), -1) + 1
  const record: ApiKeyRecord = {
    wire: {
      id: mintId(state, 'apikey'),
      created_at: isoOf(Math.floor(nowMs / 1000) * 1000),
      created_by: { id: creator, type: 'user' },
      expires_at: null,
      name: options.name,
      partial_key_hint: partialKeyHint(secret),
      principal: null,
      scope: { type: 'workspace', workspace_id: workspaceId },
      status: 'active',
      type: 'api_key',
    },
    index,
    workspaceId,
    usageStartHour: ceilHourOf(nowMs),
    usageEndHour: null,
    secret,
  }
  state.apiKeys.push(record)
  state.version++
  return record
}

/**
 * Sets a key's status. Deactivating or archiving stops its usage from the current hour on;
 * reactivating an inactive key resumes it. Returns an error message for a forbidden change.
 */
export function setKeyStatus(state: OrgState, key: ApiKeyRecord, status: 'active' | 'inactive' | 'archived', nowMs: number): string | null {
  const from: BetaAPIKey['status'] = key.wire.status
  if (from === status) return null
  if (from === 'archived') return 'An archived API key cannot be changed.'
  if (from === 'expired') return 'An expired API key cannot be reactivated or deactivated; archive it instead.'
  key.wire.status = status
  if (status === 'active') key.usageEndHour = null
  else if (key.usageEndHour === null) key.usageEndHour = hourOf(nowMs)
  state.version++
  return null
}

/** Stops (or, with null, resumes) a key's usage from the hour containing `at`, without changing its status. */
export function setKeyUsageEnd(state: OrgState, key: ApiKeyRecord, at: Date | null): void {
  key.usageEndHour = at === null ? null : hourOf(at)
  state.version++
}
