#!/bin/sh
# Installs what Keyward needs on a Debian machine, and nothing that is already there.
#   sh scripts/setup.sh app   (npm start): only what the app needs to run
#   sh scripts/setup.sh test  (npm test):  that, plus the tools the tests drive
# Debian packages are installed only when root, after saying which and why; otherwise they are
# named. Then the npm dependencies (npm ci), which bring Node 22 from the npm registry without
# touching the system Node.
set -eu
cd "$(dirname "$0")/.."

purpose=${1:-app}
case $purpose in
  app | test) ;;
  *)
    echo "setup: unknown purpose \"$purpose\"; use: sh scripts/setup.sh app (to run the app) or sh scripts/setup.sh test (to run the tests)" >&2
    exit 2
    ;;
esac

# libsecret: keytar is built against it (npm ci) and reaches the OS keychain through it.
app_packages="libsecret-1-dev"
app_why="the OS keychain library the app's keychain access (keytar) builds against and loads"
# The keychain daemon and D-Bus for the keychain tests, Chromium for the browser tests, Xvfb for
# Electron, faketime for the month-edge run, tmux/bsdutils for terminal tests, age for the vault's
# interop test, an SSH server for key forwarding, an SMTP sink for e-mail alerts, GNU time for the
# bench's peak RSS of a whole `keyward usage` process.
test_packages="gnome-keyring libsecret-tools dbus dbus-x11 chromium xvfb xauth faketime tmux age openssh-server openssh-client python3-aiosmtpd bsdutils time"
test_why="tools the test suite drives (keychain daemon, Chromium, Xvfb, faketime, tmux, age, an SSH server, an SMTP sink, GNU time)"

# Installs (as root) or names the packages of one list that are missing, saying why before doing it.
install_missing() {
  why=$1
  shift
  missing=""
  if command -v dpkg >/dev/null 2>&1; then
    for p in "$@"; do
      dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
    done
  fi
  [ -n "$missing" ] || return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing Debian packages:$missing ($why)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
  else
    echo "setup: missing Debian packages:$missing ($why); run as root: apt-get install$missing" >&2
  fi
}

# shellcheck disable=SC2086
install_missing "$app_why" $app_packages
# shellcheck disable=SC2086
[ "$purpose" = test ] && install_missing "$test_why" $test_packages

# npm ci when node_modules is missing or older than the lockfile.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  # keytar builds from source; where the system Node's headers are installed (Debian), node-gyp uses
  # them instead of downloading headers (which machines without internet access cannot).
  if [ -f /usr/include/node/node.h ]; then export npm_config_nodedir=/usr; fi
  npm ci --no-audit --no-fund --loglevel=error
fi

node_bin="node_modules/.bin/node"
[ -x "$node_bin" ] || node_bin=node
major=$("$node_bin" -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 22 ]; then
  echo "setup: Keyward needs Node >= 22, found $("$node_bin" --version); install Node 22 or use an x64 Linux machine where npm provides it" >&2
  exit 1
fi
