import { existsSync, lstatSync } from 'node:fs'
import { isKeywardError } from '../../../shared/errors'
import type { BindingsService } from '../../core/keys/bindings/bindings-service'
import type { ChannelService } from '../../core/alerts/channels/channel-service'
import { readApiKeyHelper } from '../../core/platform/claude-settings/claude-settings'
import { inspectPrivateDir } from '../../core/platform/fs/private-dir'
import { resolveDataDir } from '../../core/platform/paths'
import { exchange } from '../../core/serving/socket/socket-client'
import { findForwardedSocket, forwardedSocketProblem } from '../../core/serving/forward/forwarded-location'
import { type SocketLocation, socketLocation } from '../../core/serving/socket/socket-path'
import type { Keychain } from '../../core/vault/keychain'
import { configuredBackend } from '../../core/vault/backend'
import { readVaultFile, vaultPath } from '../../core/vault/file/vault-file'
import { withFileVaultFix } from '../../core/vault/keychain-probe'
import { probeAccount } from '../../core/vault/secret-accounts'
import { type Command, parseFlags, printJson } from '../command'
import { EXIT } from '../exit-codes'
import type { CliIO } from '../io'
import { type ClaudeScope, SCOPES_BY_PRECEDENCE, launcherPath, otherLaunchers, settingsFileFor } from './claude'
import { type HelperContext, judgeApiKeyHelper, shownHelper } from './doctor-helper'
import { SOCKET_PROTOCOL_VERSION } from '../../core/serving/socket/wire'

/** One check's outcome: what was found and, unless ok, the one thing to do about it. */
export interface Check {
  readonly name: string
  readonly status: 'ok' | 'warn' | 'fail'
  readonly message: string
  readonly fix?: string
}

/** What the checks run against; tests pass fakes. */
export interface DoctorDeps {
  readonly keychain: Keychain
  readonly bindings: Pick<BindingsService, 'which'>
  readonly location: SocketLocation
  /** Set when keys are kept in the file vault of this data dir (then it is checked instead of the OS keychain). */
  readonly fileVaultDataDir?: string
  /** The alert channels and their outbox health (left out: no channel check). */
  readonly channels?: Pick<ChannelService, 'list'>
}

/** Can the OS keychain be reached and read (a locked or missing Secret Service fails here)? */
export async function checkKeychain(keychain: Keychain): Promise<Check> {
  try {
    await keychain.get(probeAccount('doctor'))
    return { name: 'keychain', status: 'ok', message: 'the OS keychain answers and is unlocked' }
  } catch (error) {
    const [what, advice] = splitAdvice(isKeywardError(error) ? error.message.replace(/ Nothing was stored in plaintext\.$/, '') : String(error))
    return { name: 'keychain', status: 'fail', message: what, fix: `${withFileVaultFix(advice ?? '')}; then run keyward doctor again` }
  }
}

/** The file vault: its file is there, and a daemon holds it unlocked. */
export async function checkFileVault(dataDir: string, location: SocketLocation): Promise<Check> {
  const path = vaultPath(dataDir)
  let exists: boolean
  try {
    exists = (await readVaultFile(path)) !== null
  } catch (error) {
    return { name: 'file vault', status: 'fail', message: isKeywardError(error) ? error.message : String(error), fix: `make ${path} a regular file of yours, 0600` }
  }
  if (!exists)
    return {
      name: 'file vault',
      status: 'fail',
      message: `keys are kept in the file vault, but ${path} does not exist`,
      fix: 'restore it from a backup (vault.age.bak-*), or create a new one: keyward vault init --backend file',
    }
  const answer = await exchange(location, { v: SOCKET_PROTOCOL_VERSION, op: 'vault-status' }, { connectMs: 1_000, replyMs: 3_000 })
  const vault = answer.kind === 'reply' ? ((answer.reply as { vault?: { backend?: string; unlocked?: boolean; unlockedAt?: string } }).vault ?? null) : null
  if (vault?.backend === 'file' && vault.unlocked) return { name: 'file vault', status: 'ok', message: `${path} is unlocked in the daemon since ${vault.unlockedAt ?? '?'}` }
  if (vault?.backend === 'file') return { name: 'file vault', status: 'fail', message: `${path} is locked`, fix: 'run: keyward unlock' }
  if (vault)
    return {
      name: 'file vault',
      status: 'fail',
      message: 'the running daemon started before the switch to the file vault and still uses the OS keychain',
      fix: 'restart the daemon, then run: keyward unlock',
    }
  return {
    name: 'file vault',
    status: 'fail',
    message: `${path} is locked: no daemon is running to hold it`,
    fix: 'start the daemon (keyward daemon, or keyward daemon --install-service), then run: keyward unlock',
  }
}

/** Is an app or daemon serving the socket, and are its directory and file private? */
export async function checkSocket(location: SocketLocation): Promise<Check[]> {
  const checks: Check[] = []
  const problem = location.dir ? inspectPrivateDir(location.dir, "Keyward's socket directory") : null
  if (location.dir && problem?.kind !== 'missing') {
    if (problem) {
      checks.push({
        name: 'socket permissions',
        status: 'fail',
        message: problem.message,
        fix: `make ${location.dir} a 0700 directory of yours (or remove it) and restart the app or daemon; until then keyward helper reads the keychain itself`,
      })
    } else if (existsSync(location.path) && (lstatSync(location.path).mode & 0o077) !== 0) {
      checks.push({
        name: 'socket permissions',
        status: 'fail',
        message: `${location.path} is readable by others (mode ${(lstatSync(location.path).mode & 0o777).toString(8)})`,
        fix: 'restart the app or daemon, which recreates it 0600',
      })
    } else checks.push({ name: 'socket permissions', status: 'ok', message: `${location.dir} is 0700${existsSync(location.path) ? ' and the socket 0600' : ''}` })
  }
  const answer = await exchange(location, { v: SOCKET_PROTOCOL_VERSION, op: 'ping' }, { connectMs: 1_000, replyMs: 3_000 })
  const reply = answer.kind === 'reply' ? (answer.reply as { ok?: boolean; pid?: number; version?: string }) : null
  if (reply?.ok) checks.push({ name: 'daemon', status: 'ok', message: `Keyward ${reply.version ?? ''} (pid ${reply.pid ?? '?'}) serves keys on ${location.path}` })
  else if (answer.kind === 'absent') {
    // An unclaimed tmp fallback has no path yet: the app or daemon makes a random directory when it starts.
    const where = location.path === '' ? 'a tmp socket directory (none has been made yet)' : location.path
    checks.push({
      name: 'daemon',
      status: 'warn',
      message: `no Keyward app or daemon listens on ${where}; keyward helper reads the keychain itself (slower)`,
      fix: 'start the app, or run: keyward daemon',
    })
  } else checks.push({ name: 'daemon', status: 'fail', message: answer.kind === 'error' ? answer.message : `${location.path} answered something unexpected`, fix: 'restart the app or daemon' })
  return checks
}

/** Have the alert channels' deliveries gone through? One check per channel that has trouble, else one ok line. */
export async function checkChannels(channels: Pick<ChannelService, 'list'>): Promise<Check[]> {
  let list: Awaited<ReturnType<ChannelService['list']>>
  try {
    list = await channels.list()
  } catch (error) {
    return [{ name: 'channels', status: 'fail', message: isKeywardError(error) ? error.message : String(error), fix: 'do what the message says' }]
  }
  if (list.channels.length === 0) return [{ name: 'channels', status: 'ok', message: 'no alert channels (alerts go to the desktop or the daemon log only)' }]
  const checks: Check[] = []
  for (const c of list.channels) {
    const { failed, pending, lastError } = c.health
    const last = lastError ? ` (last: ${lastError.slice(0, 160)})` : ''
    if (failed > 0) {
      const first = list.deliveries.find((d) => d.channel === c.name && d.state === 'failed')
      checks.push({
        name: `channel ${c.name}`,
        status: 'fail',
        message: `${failed} alert${failed === 1 ? '' : 's'} could not be delivered to ${c.target}${last}`,
        fix: `fix the channel (keyward channels test ${c.name}), then: keyward channels retry ${first?.alertId ?? 'ALERT_ID'} ${c.name}`,
      })
    } else if (pending > 0) {
      checks.push({
        name: `channel ${c.name}`,
        status: 'warn',
        message: `${pending} alert${pending === 1 ? '' : 's'} waiting for ${c.target}${lastError ? `, being retried${last}` : ''}`,
        fix: lastError ? `check that the receiver is up (keyward channels test ${c.name})` : 'the app or daemon delivers them; start one if none runs (keyward daemon)',
      })
    }
  }
  if (checks.length === 0) checks.push({ name: 'channels', status: 'ok', message: `${list.channels.length} channel${list.channels.length === 1 ? '' : 's'}, nothing waiting or failed` })
  return checks
}

/**
 * Does a Claude Code settings file point apiKeyHelper at this Keyward's own launcher? `inEffect` is
 * the scope whose apiKeyHelper Claude Code uses here (local, then project, then user: the first that
 * sets one), so each file's line says whether it is the one that counts; `required` makes a file
 * that sets none a warning when no other scope sets one either.
 */
export async function checkClaudeSettings(label: string, file: string, required: boolean, context: HelperContext, inEffect?: ClaudeScope | null): Promise<Check> {
  const name = `claude ${label} settings`
  let found: Awaited<ReturnType<typeof readApiKeyHelper>>
  try {
    found = await readApiKeyHelper(file)
  } catch (error) {
    // A refused link or FIFO carries its own fix in the message; only broken JSON is fixed in the file.
    const fix = isKeywardError(error) && error.code !== 'CONFIG_CORRUPT' ? 'do what the message says' : `fix the JSON in ${file}`
    return { name, status: 'fail', message: isKeywardError(error) ? error.message : String(error), fix }
  }
  const effect = inEffect === undefined ? 'the user setting' : inEffect === null ? 'none' : `the ${inEffect} setting`
  if (found?.helper == null) {
    if (!required || (inEffect !== undefined && inEffect !== null))
      return { name, status: 'ok', message: `${file} sets no apiKeyHelper (${effect === 'none' ? 'no setting sets one' : `${effect} applies`})` }
    return { name, status: 'warn', message: `${file} sets no apiKeyHelper, so Claude Code does not ask Keyward`, fix: 'run: keyward claude setup' }
  }
  const verdict = judgeApiKeyHelper(found.helper, context)
  const scope = label === 'local' || label === 'project' ? label : 'user'
  const setup = `run: keyward claude setup${scope === 'user' ? '' : ` --scope ${scope}`}`
  const counts = inEffect === undefined || inEffect === scope ? (inEffect === undefined ? '' : '; in effect here') : `; ${effect} overrides it here`
  if (!verdict.ours) {
    return {
      name,
      status: verdict.missing ? 'fail' : 'warn',
      message: `${file} runs apiKeyHelper ${shownHelper(found.helper)}, not this Keyward: ${verdict.problem}${counts}`,
      fix: `${setup} (${scope === 'project' ? 'it writes "keyward helper", which PATH must find as this Keyward' : "it writes this Keyward's own absolute path"})`,
    }
  }
  return {
    name,
    status: 'ok',
    message: `${file} runs ${shownHelper(found.helper)}, this Keyward's launcher${verdict.onPath ? ` (${verdict.program} on PATH)` : ''}${found.ttl ? ` (TTL ${found.ttl} ms)` : ''}${counts}`,
  }
}

/** Which scope's apiKeyHelper Claude Code uses in `cwd`: the first of local, project, user that sets one (a file that cannot be read sets none here). */
export async function scopeInEffect(cwd: string, env: NodeJS.ProcessEnv): Promise<ClaudeScope | null> {
  for (const scope of scopesIn(cwd, env)) {
    const found = await readApiKeyHelper(settingsFileFor(scope, cwd, env)).catch(() => null)
    if (found?.helper != null) return scope
  }
  return null
}

/** The scopes in `cwd`, by precedence; in the home directory itself the project file is the user file, so it is the user scope only. */
function scopesIn(cwd: string, env: NodeJS.ProcessEnv): ClaudeScope[] {
  const sameAsUser = settingsFileFor('project', cwd, env) === settingsFileFor('user', cwd, env)
  return SCOPES_BY_PRECEDENCE.filter((scope) => !(sameAsUser && scope === 'project'))
}

/** The settings files Claude Code reads in `cwd` (user, project, local), each checked, each saying whether it is the one in effect. */
export async function checkClaudeScopes(cwd: string, env: NodeJS.ProcessEnv, context: HelperContext): Promise<Check[]> {
  const inEffect = await scopeInEffect(cwd, env)
  const checks: Check[] = []
  for (const scope of [...scopesIn(cwd, env)].reverse()) checks.push(await checkClaudeSettings(scope, settingsFileFor(scope, cwd, env), scope === 'user', context, inEffect))
  return checks
}

/** Which profile the working directory resolves to (reads no key). */
export async function checkProfile(bindings: Pick<BindingsService, 'which'>, cwd: string): Promise<Check> {
  try {
    const found = await bindings.which(cwd)
    const why = found.reason === 'binding' ? `bound at ${found.directory}` : found.reason === 'project-file' ? `from ${found.projectFile}` : 'the default profile'
    return { name: 'profile', status: 'ok', message: `${cwd} gets profile ${found.profile} (${why})` }
  } catch (error) {
    return { name: 'profile', status: 'warn', message: splitAdvice(isKeywardError(error) ? error.message : String(error))[0], fix: `run: keyward use <profile> --dir ${cwd}` }
  }
}

/** On a machine reached with keyward ssh: does the socket forwarded from the laptop answer? Nothing when there is none. */
export async function checkForwarded(env: NodeJS.ProcessEnv): Promise<Check[]> {
  const found = findForwardedSocket(env)
  if (found === null) return []
  const problem = forwardedSocketProblem(found.path)
  if (problem) return [{ name: 'forwarded', status: found.explicit ? 'fail' : 'warn', message: problem.message, fix: 'reconnect from the laptop with keyward ssh HOST' }]
  const answer = await exchange({ path: found.path, dir: null, kind: 'data' }, { v: SOCKET_PROTOCOL_VERSION, op: 'ping' }, { connectMs: 1_000, replyMs: 3_000 })
  const reply = answer.kind === 'reply' ? (answer.reply as { ok?: boolean; version?: string }) : null
  if (reply?.ok) return [{ name: 'forwarded', status: 'ok', message: `a laptop's Keyward ${reply.version ?? ''} forwards keys here through ${found.path} (keyward ssh)` }]
  const why =
    answer.kind === 'reply'
      ? ((answer.reply as { error?: { message?: string } }).error?.message ?? 'an answer this Keyward does not understand')
      : answer.kind === 'error'
        ? answer.message
        : 'no answer'
  return [
    { name: 'forwarded', status: found.explicit ? 'fail' : 'warn', message: `the forwarded socket ${found.path} does not answer (${why})`, fix: 'reconnect from the laptop with keyward ssh HOST' },
  ]
}

/** Variables Claude Code takes a key from before apiKeyHelper (ANTHROPIC_AUTH_TOKEN first): a key left in the shell silently wins over Keyward's. */
export function checkEnvironment(env: NodeJS.ProcessEnv): Check[] {
  return ['ANTHROPIC_AUTH_TOKEN', 'ANTHROPIC_API_KEY'].map((name) =>
    env[name]
      ? {
          name: `env ${name}`,
          status: 'warn' as const,
          message: `${name} is set; Claude Code uses it before apiKeyHelper, so it overrides Keyward's key (or is sent beside it)`,
          fix: `unset ${name} (and remove it from your shell profile)`,
        }
      : { name: `env ${name}`, status: 'ok' as const, message: `${name} is not set` },
  )
}

/** Runs every check, in the order a person would fix them. */
export async function runDoctorChecks(io: CliIO, deps: DoctorDeps): Promise<Check[]> {
  const launcher = launcherPath(io.env, io.cwd)
  const helperContext: HelperContext = { launcher, alsoOurs: otherLaunchers(io.env, launcher), cwd: io.cwd, env: io.env }
  return [
    deps.fileVaultDataDir === undefined ? await checkKeychain(deps.keychain) : await checkFileVault(deps.fileVaultDataDir, deps.location),
    ...(await checkSocket(deps.location)),
    ...(await checkForwarded(io.env)),
    ...(await checkClaudeScopes(io.cwd, io.env, helperContext)),
    await checkProfile(deps.bindings, io.cwd),
    ...checkEnvironment(io.env),
    ...(deps.channels ? await checkChannels(deps.channels) : []),
  ]
}

/** A core message split into what is wrong and the advice after its first "; " (the fix line says the advice, once). */
export function splitAdvice(message: string): [string, string | null] {
  const at = message.indexOf('; ')
  return at < 0 ? [message.replace(/\.$/, ''), null] : [message.slice(0, at), message.slice(at + 2).replace(/\.$/, '')]
}

/** The report as lines: each check, and its fix under it the first time that fix comes up (never twice). */
export function doctorLines(checks: readonly Check[]): string[] {
  const shown = new Set<string>()
  const lines: string[] = []
  for (const check of checks) {
    lines.push(`${check.status.padEnd(4)}  ${check.name}: ${check.message}`)
    if (check.fix && !shown.has(check.fix)) {
      shown.add(check.fix)
      lines.push(`      → ${check.fix}`)
    } else if (check.fix) lines.push('      → the fix above')
  }
  return lines
}

/** Prints the checks; exits 1 when any failed. */
export async function runDoctor(options: { json: boolean }, io: CliIO, deps: DoctorDeps): Promise<number> {
  const checks = await runDoctorChecks(io, deps)
  if (options.json) printJson(io, { ok: !checks.some((c) => c.status === 'fail'), checks })
  else {
    for (const line of doctorLines(checks)) io.stdout.write(`${line}\n`)
  }
  return checks.some((c) => c.status === 'fail') ? EXIT.FAILED : EXIT.OK
}

/** `keyward doctor`. */
export const doctorCommand: Command = {
  summary: 'check the keychain, the key socket, Claude Code settings and the environment',
  help: `Usage: keyward doctor [--json]

Checks, each ok, warn or fail with one line of what to do:
  keychain       the OS keychain answers and is unlocked (with the file vault: vault.age exists and
                 the daemon holds it unlocked)
  socket         an app or daemon serves keys; its directory is 0700 and the socket 0600
  forwarded      (over keyward ssh) the socket forwarded from the laptop answers
  claude         the user (~/.claude/settings.json), project (./.claude/settings.json) and local
                 (./.claude/settings.local.json) settings run this Keyward's own launcher (by absolute
                 path, or keyward on PATH), not a keyward the project ships; each says whether it is
                 the one in effect here (Claude Code's order: local, then project, then user)
  profile        which profile the working directory gets
  env            ANTHROPIC_AUTH_TOKEN / ANTHROPIC_API_KEY are not set (Claude Code uses them before the helper)
  channels       alerts for webhooks and e-mail were delivered (none failed, none stuck retrying)
Exits 1 when any check fails, else 0.`,
  run: async (args, io, cli) => {
    const { values } = parseFlags(args, { json: { type: 'boolean', default: false } }, false)
    const dataDir = resolveDataDir(io.env)
    // One vault for every check: the OS keychain is probed only when it is the configured backend.
    const vault = await cli.vault()
    return runDoctor({ json: values.json }, io, {
      keychain: vault.keychain,
      bindings: vault.bindings,
      location: socketLocation(dataDir, io.env),
      ...(configuredBackend(dataDir) === 'file' && { fileVaultDataDir: dataDir }),
      channels: (await cli.channels()).service,
    })
  },
}
