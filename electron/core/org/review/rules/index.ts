import type { ReviewRule } from '../review-rule'
import { defaultWorkspaceKeyRule } from './default-workspace-key'
import { departedCreatorRule } from './departed-creator'
import { noExpiryKeyRule } from './no-expiry-key'
import { oldKeyRule } from './old-key'
import { staleInviteRule } from './stale-invite'
import { tooManyAdminsRule } from './too-many-admins'
import { unbudgetedWorkspaceRule } from './unbudgeted-workspace'
import { unusedKeyRule } from './unused-key'

/** Every review rule, most severe first (the order findings are listed in within a severity). */
export const REVIEW_RULES: readonly ReviewRule[] = [
  departedCreatorRule,
  unusedKeyRule,
  oldKeyRule,
  tooManyAdminsRule,
  staleInviteRule,
  unbudgetedWorkspaceRule,
  defaultWorkspaceKeyRule,
  noExpiryKeyRule,
]
