import keytar from 'keytar'

/**
 * Whether a real Secret Service answers (scripts/with-keyring.sh starts one). Tests that need it
 * call this once and skip, with `reason`, where it does not.
 */
export async function secretServiceAvailable(): Promise<{ available: boolean; reason: string }> {
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) {
    return { available: false, reason: 'SKIPPED: no D-Bus session (run through scripts/with-keyring.sh, as npm test does)' }
  }
  try {
    await keytar.findCredentials('keyward-probe')
    return { available: true, reason: '' }
  } catch (error) {
    return { available: false, reason: `SKIPPED: no Secret Service answered (${error instanceof Error ? error.message : String(error)})` }
  }
}
