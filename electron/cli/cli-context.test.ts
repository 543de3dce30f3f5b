import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { type Builders, builders as realBuilders } from '../core/compose/builders'
import { createConfigStore } from '../core/platform/config/config-store'
import { encryptVault, openVaultFile, vaultPath, writeVaultFile } from '../core/vault/file/vault-file'
import { createMemoryKeychain } from '../core/vault/memory-keychain'
import { channelSecretAccount, profileKeyAccount } from '../core/vault/secret-accounts'
import { apiKey } from '../core/vault/temp-vault.test-support'
import { createCliContext } from './cli-context'
import { usageCommand } from './commands/usage'
import type { CliIO } from './io'

const PASS = 'correct horse battery staple'
const homes: string[] = []
afterEach(async () => {
  vi.unstubAllEnvs()
  for (const home of homes.splice(0)) await rm(home, { recursive: true, force: true })
})

async function home(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kw-cli-context-'))
  homes.push(dir)
  return dir
}

/** A CliIO over buffers; stdin is a fake terminal holding `typed` (what a person types at a prompt). */
function terminalIO(dataDir: string, typed = '') {
  const err: string[] = []
  const stdin = new PassThrough() as PassThrough & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown }
  stdin.isTTY = true
  stdin.setRawMode = () => stdin
  stdin.write(typed)
  const io: CliIO = { stdout: { write: () => true }, stderr: { write: (t: string) => err.push(t) }, stdin, env: { KEYWARD_HOME: dataDir, KEYWARD_VAULT_SCRYPT_LOG_N: '10', TZ: 'UTC' }, cwd: dataDir }
  return { io, err: () => err.join('') }
}

/** The real builders, each wrapped in a spy so a test can count the calls and see the deps passed. */
function countingBuilders() {
  return Object.fromEntries(Object.entries(realBuilders).map(([name, build]) => [name, vi.fn(build as (deps: never) => unknown)])) as unknown as {
    [K in keyof Builders]: Builders[K] & ReturnType<typeof vi.fn>
  }
}

describe('createCliContext', () => {
  it('builds each piece on first use, at most once, and every piece over the one vault and keychain', async () => {
    const dataDir = await home()
    const builders = countingBuilders()
    const keychain = createMemoryKeychain()
    const cli = createCliContext(terminalIO(dataDir).io, { builders, keychain })
    expect(Object.values(builders).every((b) => b.mock.calls.length === 0)).toBe(true)
    // Asked for over and over, and at the same time: review and projects need vault, orgs, usage and channels too.
    await Promise.all([cli.review(), cli.projects(), cli.usage(), cli.review(), cli.vault(), cli.channels(), cli.orgAdmin(), cli.notifier()])
    await cli.projects()
    for (const [name, build] of Object.entries(builders)) expect(build.mock.calls.length, name).toBe(1)
    const vault = await cli.vault()
    expect(builders.buildVault.mock.calls[0]![0]).toMatchObject({ keychain, base: dataDir })
    expect(builders.buildChannels.mock.calls[0]![0]).toMatchObject({ keychain: vault.keychain })
    expect(builders.buildOrgAdmin.mock.calls[0]![0]).toMatchObject({ vault, demo: { connect: expect.any(Object) } })
    expect(builders.buildUsage.mock.calls[0]![0]).toMatchObject({ vault, orgAdmin: await cli.orgAdmin(), channels: await cli.channels(), notifier: await cli.notifier() })
    await cli.close()
  })

  it('builds nothing for a command that uses nothing, and its close() does nothing', async () => {
    const builders = countingBuilders()
    const cli = createCliContext(terminalIO(await home()).io, { builders })
    await cli.close()
    expect(Object.values(builders).every((b) => b.mock.calls.length === 0)).toBe(true)
  })

  it('keyward usage reads the local usage through the queries alone: no vault, keychain, org admin or channels is built, nothing is written', async () => {
    const dataDir = await home()
    const builders = countingBuilders()
    const { io } = terminalIO(dataDir)
    const cli = createCliContext(io, { builders })
    await expect(usageCommand.run(['--json'], io, cli)).rejects.toThrow('no usage has been synced yet')
    expect(await cli.usageQueries()).toBe(await cli.usageQueries())
    await cli.close()
    expect(Object.values(builders).every((b) => b.mock.calls.length === 0)).toBe(true)
    expect(readdirSync(dataDir)).toEqual([])
    expect(existsSync(join(dataDir, 'usage.db'))).toBe(false)
  })

  it('asks the file vault’s passphrase once for a command that touches the vault, usage and channels', async () => {
    const dataDir = await home()
    await writeVaultFile(vaultPath(dataDir), await encryptVault(PASS, new Map([[profileKeyAccount('main'), apiKey('M')]]), 10))
    await createConfigStore(dataDir).update((c) => ({ ...c, vault: { backend: 'file' } }))
    // A cheap scrypt for the re-encryption a change makes (the work factor is read from the process's env).
    vi.stubEnv('KEYWARD_VAULT_SCRYPT_LOG_N', '10')
    const { io, err } = terminalIO(dataDir, `${PASS}\n`)
    const cli = createCliContext(io)
    expect(await (await cli.vault()).keychain.get(profileKeyAccount('main'))).toBe(apiKey('M'))
    await (await cli.channels()).service.addWebhook({ name: 'ops', url: 'https://hooks.example/ops', format: 'json', signingSecret: 'a-signing-secret-of-32-characters' })
    await (await cli.usage()).budgets.list(new Date('2026-05-01T00:00:00Z'))
    expect(await (await cli.keychain()).get(profileKeyAccount('main'))).toBe(apiKey('M'))
    await cli.close()
    expect(err().match(/Passphrase for the file vault/g)).toHaveLength(1)
    // The channel's secret went into the same file vault, not the OS keychain.
    expect((await openVaultFile(vaultPath(dataDir), PASS)).has(channelSecretAccount('ops'))).toBe(true)
  })

  it('close() disposes what was built, newest first, and tries every step when one fails', async () => {
    const dataDir = await home()
    const order: string[] = []
    const builders = countingBuilders()
    builders.buildVault.mockImplementation((deps) => {
      const vault = realBuilders.buildVault(deps)
      return { ...vault, audit: { ...vault.audit, close: async () => void order.push('audit log') } }
    })
    builders.buildOrgAdmin.mockImplementation((deps) => {
      const orgAdmin = realBuilders.buildOrgAdmin(deps)
      return { ...orgAdmin, close: async () => (order.push('org admin (demo connection)'), Promise.reject(new Error('the demo connection would not close'))) }
    })
    builders.buildChannels.mockImplementation((deps) => {
      const channels = realBuilders.buildChannels(deps)
      return { ...channels, outbox: { ...channels.outbox, stop: async () => void order.push('outbox') } }
    })
    builders.buildUsage.mockImplementation((deps) => {
      const usage = realBuilders.buildUsage(deps)
      return { ...usage, close: () => void order.push('usage') }
    })
    const cli = createCliContext(terminalIO(dataDir).io, { builders, keychain: createMemoryKeychain() })
    await cli.usage()
    await expect(cli.close()).rejects.toThrow('the demo connection would not close')
    expect(order).toEqual(['usage', 'outbox', 'org admin (demo connection)', 'audit log'])
    // Closed once: a second close has nothing left to dispose.
    order.length = 0
    await cli.close()
    expect(order).toEqual([])
  })
})

/** What only the context builds: the constructors of the core's pieces and the builders they are assembled from. */
const CORE_BUILDERS = [
  'compose/builders',
  'createVault',
  'createKeytarKeychain',
  'createFileKeychain',
  'createOrgAdmin',
  'createUsageModule',
  'openUsageQueries',
  'buildUsageQueries',
  'createChannelsModule',
  'createBudgetStore',
  'createAuditLog',
  'createReviewModule',
  'createProjectsService',
  'createConfigStore',
  'connectDemoHost',
  'createCore',
]
/**
 * Files under electron/cli/ that may: the context itself; cli-keychain.ts, the configured backend it
 * opens; and the helper's and status line's fast path, which must not load the context (nor the core
 * behind it) and reads the keychain and config on its own.
 */
const ALLOWED = /^(cli-context|cli-keychain)\.ts$|(^|\/)(helper|statusline|served-key)[^/]*\.ts$|^commands\/(helper|statusline)\.ts$/

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sourcesUnder(path)
    return /\.ts$/.test(name) && !/\.test\.ts$|\.test-support\.ts$/.test(name) ? [path] : []
  })
}

describe('no CLI file builds a core piece', () => {
  it('only the context (and the fast path) imports the core’s builders and constructors', () => {
    const root = join(__dirname)
    const offenders = sourcesUnder(root)
      .map((path) => relative(root, path).split('\\').join('/'))
      .filter((path) => !ALLOWED.test(path))
      .flatMap((path) => {
        const text = readFileSync(join(root, path), 'utf8')
        return CORE_BUILDERS.filter((name) => new RegExp(`\\b${name.replace('/', '\\/')}\\b`).test(text)).map((name) => `${path}: ${name}`)
      })
    expect(offenders).toEqual([])
  })

  it('the open-*.ts wiring is gone: commands take the context instead', () => {
    expect(readdirSync(__dirname).filter((name) => name.startsWith('open-'))).toEqual([])
  })
})
