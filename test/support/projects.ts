import { mkdir, mkdtemp, realpath, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createAuditLog } from '../../electron/core/platform/audit/audit-log'
import { createBindingsService } from '../../electron/core/keys/bindings/bindings-service'
import { createConfigStore } from '../../electron/core/platform/config/config-store'
import { startEmulator } from '../../electron/emulator'
import { partialKeyHint } from '../../electron/emulator/ids'

/** A data directory seeded with projects over the demo org's keys, and the project directories in it. */
export interface SeededProjects {
  readonly home: string
  /** Bound to its own key; a key was served there to Claude Code. */
  readonly acme: string
  /** Two projects bound to one profile: its spend shows as shared under both. */
  readonly sharedA: string
  readonly sharedB: string
  /** A `.keyward.json` that was allowed, then changed: it waits for review. */
  readonly webshop: string
}

/**
 * Seeds a fresh KEYWARD_HOME for `keyward daemon --demo`: profiles whose hints match the demo org's
 * keys (only hints: no key is stored, none is needed to list projects), bindings, an allowed project
 * file changed since, and audit lines of keys served (one with the real executable and pid).
 */
export async function seedDemoProjects(): Promise<SeededProjects> {
  const root = await realpath(await mkdtemp(join(tmpdir(), 'keyward-e2e-projects-')))
  const home = join(root, 'home')
  const dir = (name: string) => join(root, 'code', name)
  const [acme, sharedA, sharedB, webshop] = [dir('acme-api'), dir('tools/cli'), dir('tools/site'), dir('webshop')]
  for (const d of [join(acme, 'server'), sharedA, sharedB, webshop]) await mkdir(d, { recursive: true })
  // The demo org's keys: the daemon's emulator uses the same defaults (seed), so the same secrets.
  const emulator = await startEmulator({})
  const live = emulator.state.apiKeys.filter((k) => k.wire.status === 'active' && k.usageEndHour === null)
  await emulator.close()
  const now = new Date()
  const config = createConfigStore(home)
  const audit = createAuditLog(home)
  const profile = (name: string, i: number) => ({ name, kind: 'api' as const, hint: partialKeyHint(live[i]!.secret), tags: [], createdAt: now.toISOString(), rotatedAt: null })
  await config.update((c) => ({ ...c, profiles: [profile('acme', 0), profile('tools', 1), profile('webshop', 2)] }))
  const bindings = createBindingsService({ config, audit })
  await bindings.set(acme, 'acme')
  await bindings.set(sharedA, 'tools')
  await bindings.set(sharedB, 'tools')
  await writeFile(join(webshop, '.keyward.json'), '{"profile": "webshop"}\n')
  await bindings.allow(webshop)
  await writeFile(join(webshop, '.keyward.json'), '{"profile": "acme"}\n')
  await audit.append({ event: 'key.served', profile: 'tools', directory: sharedA, agent: 'cursor', transport: 'cli' })
  await audit.append({ event: 'key.served', profile: 'acme', directory: join(acme, 'server'), agent: 'claude-code', transport: 'socket', executable: '/usr/bin/node', pid: 48213 })
  await audit.close()
  return { home, acme, sharedA, sharedB, webshop }
}
