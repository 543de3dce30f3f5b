#!/bin/sh
# Runs the unit suite with the wall clock moved by libfaketime (Debian package faketime) to a month
# edge in a far time zone: by default 00:30 on 1 March 2027 in Pacific/Kiritimati (UTC+14), while
# UTC is still 28 February. Any test that reads the real clock, the system zone, or compares the
# clock with file times (which libfaketime does not move) fails here. Another instant or zone:
#   FAKE_TZ=America/St_Johns FAKE_AT=2027-03-14T05:30:00Z sh scripts/unit-at-month-edge.sh [vitest args]
# The clock is shifted by an offset rather than started at an instant ("@..."), so every child
# process sees the same clock; monotonic clocks (timers, performance.now) are left real.
set -eu
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
if ! command -v faketime >/dev/null 2>&1; then
  echo "SKIPPED: faketime is not installed (Debian: apt-get install faketime; macOS: brew install libfaketime)"
  exit 0
fi
export TZ="${FAKE_TZ:-Pacific/Kiritimati}"
at="${FAKE_AT:-2027-02-28T10:30:00Z}"
offset=$(node -e 'const t = Date.parse(process.argv[1]); if (Number.isNaN(t)) process.exit(2); console.log(Math.round((t - Date.now()) / 1000))' "$at") || {
  echo "unit-at-month-edge: FAKE_AT=$at is not an ISO instant (e.g. 2027-02-28T10:30:00Z)" >&2
  exit 2
}
echo "unit suite at $at in $TZ (wall clock shifted by ${offset} s)"
if [ "$#" -eq 0 ]; then set -- --project node --project jsdom; fi
exec faketime --exclude-monotonic -f "+${offset}s" vitest run "$@"
