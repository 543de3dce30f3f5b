import { hostileInputs } from '../support/hostile-table'

/*
 * Command-line arguments a person can get wrong: impossible dates, missing or overlong reasons,
 * dollar amounts the dashboard's inputs would refuse too (the same parser reads both), a name
 * where an email is wanted.
 */

hostileInputs('cli-arguments', 'command-line arguments', (w) => {
  return [
    {
      name: 'keyward usage with an impossible date',
      input: 'usage --from 2026-13-01',
      code: 'exit 2',
      fragment: '--from "2026-13-01" is not a valid date',
      run: () => w.cli(['usage', '--from', '2026-13-01']),
    },
    // Review and offboarding
    { name: 'review accept without a reason', input: 'keyward review accept x:1', code: 'exit 2', fragment: '--reason', run: () => w.cli(['review', 'accept', 'x:1']) },
    {
      name: 'review accept with an essay',
      input: '--reason <200 chars>',
      code: 'exit 2',
      fragment: 'at most 120 characters',
      run: () => w.cli(['review', 'accept', 'x:1', '--reason', 'x'.repeat(200)]),
    },
    {
      // Read as the dashboard reads it: the amount passes, and the fix stops only where there is nothing to review.
      name: 'review fix with thousands separated by commas',
      input: 'review fix x:1 --limit 1,000 (a data directory with no org)',
      code: 'exit 3',
      fragment: 'there is no org to review',
      run: () => w.cli(['review', 'fix', 'x:1', '--limit', '1,000', '--yes'], { env: { ...w.world.env, KEYWARD_HOME: w.scratch('review-no-org') } }),
    },
    {
      name: 'review fix with a misplaced comma',
      input: '--limit 1,00',
      code: 'exit 2',
      fragment: '--limit: "1,00" has a misplaced comma',
      run: () => w.cli(['review', 'fix', 'x:1', '--limit', '1,00']),
    },
    {
      name: 'review fix with fractions of a cent',
      input: '--limit 12.505',
      code: 'exit 2',
      fragment: '--limit: "12.505" has more than two decimal places',
      run: () => w.cli(['review', 'fix', 'x:1', '--limit', '12.505']),
    },
    { name: 'review fix with a zero limit', input: '--limit $0', code: 'exit 2', fragment: '--limit: Enter an amount above $0.', run: () => w.cli(['review', 'fix', 'x:1', '--limit', '$0']) },
    {
      name: 'spike alerts with a negative minimum',
      input: 'alerts spike --min=-5',
      code: 'exit 2',
      fragment: '--min: "-5" is negative; enter an amount of 0 or more dollars.',
      run: () => w.cli(['alerts', 'spike', '--min=-5']),
    },
    {
      name: 'spike alerts with a minimum that is not dollars',
      input: 'alerts spike --min 10€',
      code: 'exit 2',
      fragment: '--min: "10€" is not an amount in dollars',
      run: () => w.cli(['alerts', 'spike', '--min', '10€']),
    },
    { name: 'offboard a name, not an email', input: 'keyward offboard "Ada Lovelace"', code: 'exit 2', fragment: 'not an email address', run: () => w.cli(['offboard', 'Ada Lovelace']) },
  ]
})
