import { readlinkSync, statSync } from 'node:fs'
import { setDateLocalZone, systemTimeZone } from '../../../../shared/calendar'

/** Where the system's zone files live; a name is trusted only if it is one of them. */
const ZONEINFO = '/usr/share/zoneinfo'
/** An IANA name as TZ or /etc/localtime gives it: "UTC", "Europe/Berlin", "America/Argentina/Buenos_Aires". */
const IANA_NAME = /^(?:UTC|[A-Z][A-Za-z_+-]*(?:\/[A-Za-z0-9_+-]+)+)$/

/**
 * The zone Date's local-time methods compute in, named without Intl: TZ when it is an IANA name with
 * a zone file, else the zone file /etc/localtime links to (where the runtime looks too). Null when it
 * cannot be told that way: TZ a POSIX rule or unknown, /etc/localtime a copy rather than a link.
 */
export function localZoneWithoutIntl(env: NodeJS.ProcessEnv = process.env, localtimeLink: () => string = () => readlinkSync('/etc/localtime'), zoneinfo = ZONEINFO): string | null {
  let name: string | undefined
  if (env.TZ !== undefined) {
    name = env.TZ
  } else {
    try {
      name = /\/zoneinfo\/(.+)$/.exec(localtimeLink())?.[1]
    } catch {
      return null
    }
  }
  if (name === undefined || !IANA_NAME.test(name) || name.split('/').includes('..') || /^(?:posix|right)\//.test(name)) return null
  try {
    return statSync(`${zoneinfo}/${name}`).isFile() ? name : null
  } catch {
    return null
  }
}

/**
 * The user's time zone for the status line's own process (statusline-run.ts, once at start, as the
 * process's TZ is then fixed): named without Intl where it can be (and then read from Date by
 * shared/calendar.ts, see setDateLocalZone), else as the runtime reports it.
 */
export function statuslineTimeZone(): string {
  const local = localZoneWithoutIntl()
  setDateLocalZone(local)
  return local ?? systemTimeZone()
}
