#!/bin/sh
# Starts Keyward: the Electron app where its binary is installed; otherwise (as on build machines
# that cannot download it) says so and starts the headless daemon with the dashboard on 127.0.0.1.
set -eu
cd "$(dirname "$0")/.."
sh scripts/setup.sh app
export PATH="$PWD/node_modules/.bin:$PATH"
electron-vite build >/dev/null
vite build --config cli.vite.config.ts --logLevel warn
electron_path=""
[ -f node_modules/electron/path.txt ] && electron_path="node_modules/electron/dist/$(cat node_modules/electron/path.txt)"
if [ -n "$electron_path" ] && [ -x "$electron_path" ] && { [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ] || [ "$(uname)" != Linux ]; }; then
  exec electron-vite preview
fi
echo "start: the Electron binary is not installed here (its download host is unreachable) or there is no display;"
echo "start: starting the headless daemon instead. Open the URL below in a browser on this machine."
# --demo adds the seeded demo org (built-in Admin API emulator), so every screen shows data.
exec bin/keyward daemon --ui --demo "$@"
