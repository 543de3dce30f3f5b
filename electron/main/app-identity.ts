/** Windows' AppUserModelID: the installer's shortcut carries electron.builder.yml's appId, and the running app must match it. */
export const APP_USER_MODEL_ID = 'dev.keyward.app'

/**
 * Sets the AppUserModelID on Windows, first thing: taskbar grouping and pinning, notification
 * settings and the login item's registry name (Electron's default `name`) all key on it, and an
 * app without one gets Electron's generated id, unlike its own Start-menu shortcut.
 */
export function setWindowsAppUserModelId(app: { setAppUserModelId(id: string): void }, platform: NodeJS.Platform): void {
  if (platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID)
}
