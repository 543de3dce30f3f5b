import { type ReviewRule, dayCount, dayOf, daysSince, findingId } from '../review-rule'

/** Invites still pending after their expiry → delete (only a pending invite can be deleted). */
export const staleInviteRule: ReviewRule = {
  id: 'stale-invite',
  severity: 'medium',
  check(facts, _settings, now) {
    return facts.invites.flatMap((invite) => {
      if (invite.status !== 'pending' || Date.parse(invite.expiresAt) > now.getTime()) return []
      return [
        {
          id: findingId('stale-invite', invite.id),
          title: `The invite for ${invite.email} expired ${dayCount(daysSince(invite.expiresAt, now))} ago and is still pending`,
          evidence: [`Invited ${dayOf(invite.invitedAt)} as ${invite.role}`, `Expired ${dayOf(invite.expiresAt)}`],
          advice: 'Delete it; invite the person again if they still need access.',
          fix: { kind: 'delete-invite', label: 'Delete invite', description: `Delete the pending invite for ${invite.email}.`, targetId: invite.id, targetName: invite.email },
        },
      ]
    })
  },
}
