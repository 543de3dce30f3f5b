// Test-only, never packaged or imported by the app: test/electron/app.spec.ts starts Electron with
// `-r <this file>` before out/main/index.js, so the spec can reach the app's tray, its current menu
// and its notifications from electronApp.evaluate (Electron keeps no list of them). It wraps three
// prototype methods and changes nothing they do; the app's own code is untouched.
'use strict'
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a `-r` preload is loaded as CommonJS
const { Notification, Tray } = require('electron')

const probe = { trays: [], menu: null, tooltip: null, notifications: [] }
globalThis.__keywardProbe = probe

const setContextMenu = Tray.prototype.setContextMenu
Tray.prototype.setContextMenu = function (menu) {
  if (!probe.trays.includes(this)) probe.trays.push(this)
  probe.menu = menu
  return setContextMenu.call(this, menu)
}

// Tray has setToolTip but no getter.
const setToolTip = Tray.prototype.setToolTip
Tray.prototype.setToolTip = function (text) {
  probe.tooltip = text
  return setToolTip.call(this, text)
}

const show = Notification.prototype.show
Notification.prototype.show = function () {
  probe.notifications.push(this)
  return show.call(this)
}
