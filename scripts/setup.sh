#!/bin/sh
# Installs what Keyward's build and tests need on a Debian machine, and nothing that is already there:
# Debian packages (only when root; otherwise it names them), then the npm dependencies (npm ci),
# which bring Node 22 from the npm registry without touching the system Node.
set -eu
cd "$(dirname "$0")/.."

packages="libsecret-1-dev gnome-keyring libsecret-tools dbus dbus-x11 chromium xvfb xauth faketime tmux age openssh-server openssh-client python3-aiosmtpd bsdutils"
missing=""
if command -v dpkg >/dev/null 2>&1; then
  for p in $packages; do
    dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
  done
fi
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing Debian packages:$missing"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
  else
    echo "setup: missing Debian packages:$missing (run as root: apt-get install$missing); tests that need them will be skipped" >&2
  fi
fi

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
