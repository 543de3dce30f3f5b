import { createConfigStore } from '../../electron/core/platform/config/config-store'
import { type RunningDaemon, startDaemon } from './daemon'
import { type SeededProjects, seedDemoProjects } from './projects'

/** `keyward daemon --ui --demo` over a data directory seeded with projects and a pending rotation. */
export interface SeededDemo {
  readonly demo: RunningDaemon
  readonly projects: SeededProjects
}

/**
 * Seeds projects over the demo org's keys (profiles acme, tools, webshop; see seedDemoProjects),
 * adds a rotation of `tools` whose key matched no org Keyward administers (so Keyward can only
 * forget its old key), and starts the demo daemon over it in time zone `timeZone`.
 */
export async function startSeededDemo(timeZone: string): Promise<SeededDemo> {
  const projects = await seedDemoProjects()
  const startedAt = new Date(Date.now() - 2 * 86_400_000).toISOString()
  await createConfigStore(projects.home).update((c) => ({
    ...c,
    rotation: { ageDays: 90, quietHours: 24, pending: [{ profile: 'tools', orgId: null, oldKeyId: null, newKeyId: null, oldHint: 'sk-ant-api03-def...QRST', startedAt, quietHours: 24 }] },
  }))
  const demo = await startDaemon(['--demo'], { KEYWARD_HOME: projects.home, TZ: timeZone, KEYWARD_SYNC_INTERVAL_MINUTES: '60' })
  return { demo, projects }
}
