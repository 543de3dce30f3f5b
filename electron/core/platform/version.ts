/** The app's version, injected by the build (`__KEYWARD_VERSION__`), `0.0.0-dev` when run from source. */
declare const __KEYWARD_VERSION__: string | undefined

/** The version every host reports. */
export const KEYWARD_VERSION: string = typeof __KEYWARD_VERSION__ === 'string' ? __KEYWARD_VERSION__ : '0.0.0-dev'
