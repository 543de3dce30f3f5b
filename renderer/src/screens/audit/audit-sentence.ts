import type { AuditEntry, AuditTarget } from '../../../../shared/contract'
import { sentence } from '../../format'

/** Ids the Admin API hands out (keys, users, workspaces, invites…), as they appear in an entry's detail. */
export const ADMIN_ID = /\b(?:apikey|user|wrkspc|invite|svac|org)_[A-Za-z0-9]+\b/g

/** An id followed by the name the entry gave it ("user_01 (Ada Lovelace)"). */
const ID_THEN_NAME = /\b((?:apikey|user|wrkspc|invite|svac|org)_[A-Za-z0-9]+) \(([^()]+)\)/g

/**
 * The detail with ids read as names: an id the entry names in brackets becomes that name, the
 * target's id becomes the target's name (dropped where the detail already says the name, as a
 * rename's "to "new name"" does). Ids nothing names stay, and every id is kept for the tooltip.
 */
function namedDetail(detail: string, target: AuditTarget | undefined): string {
  let text = detail.replace(ID_THEN_NAME, (_, _id: string, name: string) => `"${name}"`)
  const { id, name } = target ?? {}
  if (id && name && name !== id && text.includes(id)) {
    text = text.includes(`"${name}"`) ? text.replaceAll(` ${id}`, '') : text.replaceAll(id, `"${name}"`)
  }
  return text
}

/** Every id an entry is about, for the tooltip: the target's, then any other id in its detail. */
export function auditIds(e: AuditEntry): string[] {
  return [...new Set([...(e.target ? [e.target.id] : []), ...(e.detail?.match(ADMIN_ID) ?? [])])]
}

const quoted = (name: string | undefined, fallback: string) => (name ? `"${name}"` : fallback)
const withDetail = (words: string, detail: string | undefined) => (detail ? `${words}: ${detail}` : words)

/**
 * What happened, as one sentence per kind of event ("Served acme to claude-code", "Bound ~/src/x to
 * acme"), from the entry's own fields, ids read as the names the entry gives them (the ids are in
 * `auditIds`); an event this version does not know reads as its name and detail.
 */
export function auditSentence(entry: AuditEntry): string {
  const e = entry.detail === undefined ? entry : { ...entry, detail: namedDetail(entry.detail, entry.target) }
  const p = quoted(e.profile, 'a profile')
  const where = e.directory ?? 'a directory'
  const says: Record<string, () => string> = {
    'key.served': () => `Served ${p} to ${e.agent ?? 'a tool'}${e.host ? ` on ${e.host}` : ''}`,
    'key.copied': () => `Copied the key of ${p}`,
    'key.denied': () => withDetail(`Refused a key${e.profile ? ` of ${p}` : ''}${e.agent ? ` to ${e.agent}` : ''}`, e.detail),
    'profile.added': () => withDetail(`Added profile ${p}`, e.detail),
    'profile.removed': () => withDetail(`Removed profile ${p}`, e.detail),
    'profile.renamed': () => withDetail(`Renamed profile ${p}`, e.detail),
    'binding.set': () => withDetail(`Bound ${where} to ${p}`, e.detail),
    'binding.removed': () => withDetail(`Unbound ${where}`, e.detail),
    'default.set': () => `Made ${p} the default profile`,
    'approval.set': () => withDetail(`Changed when ${p} asks for approval`, e.detail),
    'forward.set': () => withDetail(`Changed forwarding of ${p}`, e.detail),
    'guard.resealed': () => withDetail('Resealed the guard settings', e.detail),
    'guard.tampered': () => sentence(e.detail ?? 'Guard settings changed outside Keyward'),
    'project.allowed': () => withDetail(`Allowed the project file in ${where}`, e.detail),
    'org.added': () => withDetail('Added an org', e.detail),
    'org.removed': () => withDetail('Removed an org', e.detail),
    'org.moved': () => withDetail('Moved an org to a new address', e.detail),
    'admin.action': () => sentence(e.detail ?? 'An admin action'),
    'rotation.started': () => withDetail(`Started rotating ${p}`, e.detail),
    'rotation.retired': () => withDetail(`Retired the old key of ${p}`, e.detail),
    'rotation.failed': () => withDetail(`Rotation of ${p} failed`, e.detail),
    'review.accepted': () => withDetail('Accepted a review finding', e.detail),
    'offboard.stepFailed': () => withDetail('An offboarding step failed', e.detail),
    'offboard.finished': () => withDetail('Finished offboarding', e.detail),
    'review.fixed': () => withDetail('Fixed a review finding', e.detail),
    'review.thresholdsSet': () => withDetail('Changed the review thresholds', e.detail),
    'budget.created': () => withDetail('Created a budget', e.detail),
    'budget.updated': () => withDetail('Changed a budget', e.detail),
    'budget.deleted': () => withDetail('Deleted a budget', e.detail),
    'channel.created': () => withDetail('Added an alert channel', e.detail),
    'channel.deleted': () => withDetail('Removed an alert channel', e.detail),
    'channel.tested': () => withDetail('Tested an alert channel', e.detail),
  }
  return says[e.event]?.() ?? withDetail(e.event, e.detail)
}

/** Who asked and where: the tool (as it says), the process the OS reports, and the directory it ran in. */
export function auditWho(e: AuditEntry): string | undefined {
  const process = e.executable !== undefined || e.pid !== undefined ? `${e.executable ?? 'unknown executable'}${e.pid === undefined ? '' : ` (pid ${e.pid})`}` : undefined
  const dir = e.processDirectory ?? (e.event.startsWith('key.') ? e.directory : undefined)
  const parts = [e.agent, process, e.requester && `for ${e.requester}`].filter(Boolean)
  if (parts.length === 0 && !dir) return undefined
  return `${parts.join(' · ')}${dir ? `${parts.length > 0 ? ' in ' : 'In '}${dir}` : ''}`
}
