import { hostileInputs } from '../support/hostile-table'

/*
 * Command-line arguments a person can get wrong: impossible dates, missing or overlong reasons,
 * amounts, a name where an email is wanted.
 */

hostileInputs('cli-arguments', 'command-line arguments', (w) => {
  return [
    { name: 'keyward usage with an impossible date', input: 'usage --from 2026-13-01', code: 'exit 2', fragment: '--from "2026-13-01" is not a valid date', run: () => w.cli(['usage', '--from', '2026-13-01']) },
    // Review and offboarding
    { name: 'review accept without a reason', input: 'keyward review accept x:1', code: 'exit 2', fragment: '--reason', run: () => w.cli(['review', 'accept', 'x:1']) },
    { name: 'review accept with an essay', input: '--reason <200 chars>', code: 'exit 2', fragment: 'at most 120 characters', run: () => w.cli(['review', 'accept', 'x:1', '--reason', 'x'.repeat(200)]) },
    { name: 'review fix with a formatted amount', input: '--limit 1,000', code: 'exit 2', fragment: 'amount in dollars', run: () => w.cli(['review', 'fix', 'x:1', '--limit', '1,000']) },
    { name: 'offboard a name, not an email', input: 'keyward offboard "Ada Lovelace"', code: 'exit 2', fragment: 'not an email address', run: () => w.cli(['offboard', 'Ada Lovelace']) },
  ]
})
