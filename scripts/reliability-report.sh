#!/bin/sh
# npm run test:reliability: runs the reliability suite inside a private keyring session, then renders
# docs/reliability.md from the figures it measured; exits with the suite's status.
set -u
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
rm -rf test-results/reliability
status=0
sh scripts/with-keyring.sh vitest run --project reliability "$@" || status=$?
node scripts/reliability-report.mjs || status=${status:-1}
exit $status
