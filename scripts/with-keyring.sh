#!/bin/sh
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring (a real Secret
# Service), so keytar talks to a real keychain without touching the user's. Where the tools are
# missing it runs the command as is, and the keychain tests print that they were skipped.
set -eu
if [ -n "${KEYWARD_KEYRING_READY:-}" ]; then
  printf 'keyward-test' | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  exec "$@"
fi
if ! command -v dbus-run-session >/dev/null 2>&1 || ! command -v gnome-keyring-daemon >/dev/null 2>&1; then
  echo "with-keyring: dbus-run-session or gnome-keyring-daemon is missing; keychain tests will be skipped" >&2
  exec "$@"
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/data" "$tmp/run"
chmod 0700 "$tmp/run"
status=0
XDG_DATA_HOME="$tmp/data" XDG_RUNTIME_DIR="$tmp/run" KEYWARD_KEYRING_READY=1 \
  dbus-run-session -- sh "$0" "$@" || status=$?
exit $status
