import { join } from 'node:path'
import { KeywardError } from '../../../shared/keyward-error'
import type { AuditAppender, AuditEvent } from '../platform/audit/audit-append'
import { profileForDirectory } from './bindings/resolve'
import { CONFIG_FILE } from '../platform/config/config-file'
import type { ServingConfig } from '../platform/config/serving-config'
import type { ApprovalDecision, Approver } from '../alerts/notify/approver'
import type { Notifier } from '../alerts/notify/notifier'
import { RESEAL_ADVICE, type SealState, checkSeal, sealRefuses } from './profiles/guard-seal'
import { guardSecretAccount, profileKeyAccount } from '../vault/secret-accounts'
import { type CheckedDirectory, checkClaimedDirectory } from '../serving/peer/claimed-directory'
import { type Caller, describeProcess } from '../serving/peer/peer-identity'
import type { Keychain } from '../vault/keychain'
import { singleFlight } from '../platform/single-flight'
import { statBigIntAsync } from '../platform/fs/fs-async'

/*
 * This module is on the no-daemon `keyward helper` path (electron/cli/fast/): it loads no zod. Its
 * config reader is given: the config store's in the hosts, the hand-checked one in the helper.
 */

/** A key handed to a tool, with where it came from (never logged with the key). */
export interface ServedKey {
  readonly profile: string
  readonly key: string
  /** The directory whose binding or project file matched, or the real cwd for the default (the cwd as given when forced). */
  readonly directory: string
  readonly reason: 'binding' | 'project-file' | 'default' | 'forced'
}

/** Serves keys to tools: what the socket server and the no-daemon `keyward helper` call, and the only code that does. */
export interface KeyService {
  /**
   * The API key for `cwd` (its real path, walking up parents). Appends `key.served` to the audit
   * log before returning. A profile that requires approval waits for the approver first (the
   * keychain is not read unless approved). `caller` is the socket's real caller from the OS: its
   * working directory must be `cwd` or above it, and it is audited and shown in the prompt (null:
   * the OS could not identify it; absent: the no-daemon helper, which is its own caller). Nothing is
   * served from a profile whose guard settings were changed outside Keyward (guard-seal.ts).
   * Throws KeywardError: NOT_BOUND, NOT_ALLOWED, NOT_FOUND, KEYCHAIN_UNAVAILABLE, CONFIG_CORRUPT,
   * INVALID_INPUT (cwd missing), UNAVAILABLE (too many approvals waiting), INTERNAL (audit log).
   */
  resolve(cwd: string, agent: string | undefined, transport: 'socket' | 'direct', caller?: Caller | null): Promise<ServedKey>
  /**
   * The key of profile `name` whatever `cwd` is bound to (`keyward helper --profile NAME`), with the
   * same gates: the profile must exist, hold an API key, and be approved if it requires it. Audited with `detail: "forced with --profile"`.
   * Throws KeywardError: NOT_FOUND, NOT_ALLOWED, KEYCHAIN_UNAVAILABLE, CONFIG_CORRUPT, UNAVAILABLE, INTERNAL.
   */
  resolveProfile(name: string, cwd: string, agent: string | undefined, transport: 'socket' | 'direct', caller?: Caller | null): Promise<ServedKey>
  /**
   * The key of profile `name` for a remote machine (the forwarding socket, `keyward ssh`): only a
   * profile marked forwardable, with the guard seal and approval (showing `remote.host`) as usual.
   * `cwd` is the remote's directory, recorded but never looked up here. A profile that does not
   * exist and one that is not forwardable get the same NOT_ALLOWED, so a remote cannot probe names.
   * Audited with `transport: "forwarded"` and the host.
   */
  resolveForwarded(name: string, cwd: string, agent: string | undefined, remote: ForwardedRemote): Promise<ServedKey>
}

/** Who asks over the forwarding socket: the host `keyward ssh` connected to, and that session's id (an approval is remembered per session and directory). */
export interface ForwardedRemote {
  readonly host: string
  readonly session: string
}

/** What the key service needs; cheap to build, so `keyward helper` can make one per process. */
export interface KeyServiceDeps {
  readonly dataDir: string
  readonly keychain: Keychain
  readonly audit: Pick<AuditAppender, 'append'>
  readonly now?: () => Date
  /**
   * Reads the config: the config store's read in the hosts (zod-validated, moves a corrupt file
   * aside), the hand-checked serving reader on the helper's fast path (no zod).
   */
  readonly readConfig: () => Promise<ServingConfig>
  /**
   * Asks a person before serving a profile that requires approval (the app's prompt). Without one
   * (the no-daemon helper: there is no app to ask) such profiles are refused.
   */
  readonly approver?: Approver
  /** Told when guard settings were changed outside Keyward (the app's notifications, the daemon's log); the helper has none. */
  readonly notifier?: Notifier
  readonly log?: (line: string) => void
}

/**
 * How long a tool waits for a person's approval: under the socket's 30 s idle timeout and the
 * helper's 30 s reply timeout, so the helper hears "denied" rather than a dropped connection.
 */
export const APPROVAL_WAIT_MS = 25_000

/**
 * A file modified less than this long ago is re-read at every call, never served from the cache:
 * file timestamps are coarse (a kernel tick; seconds on some file systems), so two writes within
 * one tick that keep the size and reuse the inode would otherwise look the same ("racy git").
 */
const RACY_MS = 2_000

/**
 * Why a guarded profile was refused, as it really is on each host: the desktop app asks in a prompt
 * (denied, or not answered in time); the headless daemon has no prompt and refuses every request;
 * with no app or daemon running nobody is asked at all.
 */
export function guardRefusal(name: string, decision: Exclude<ApprovalDecision, 'approved' | 'busy'>, approver: Approver | undefined): string {
  const off = `or turn the guard off: keyward guard ${name} --off`
  if (decision === 'denied') return `the request was denied; ${name} needs approval in the Keyward app: approve its prompt next time, ${off}`
  if (decision === 'timeout') return `nobody approved it in time; ${name} needs approval in the Keyward app: answer its prompt when it shows, ${off}`
  if (approver?.headless) {
    return `${name} is guarded, and the headless keyward daemon has no prompt to ask anyone, so it refuses every request for a guarded profile; run the Keyward desktop app instead of the daemon, ${off}`
  }
  if (approver) return `the Keyward app could not show its approval prompt for ${name}; try again, ${off}`
  return `${name} is guarded, and no Keyward desktop app is running to ask you; start the desktop app (it asks you in a prompt), ${off}`
}

/**
 * Builds the key service. Keytar loads on the first call, not here. The parsed config is cached
 * and re-used while the file's identity (device, inode, size, mtime, ctime) is unchanged and it was
 * last modified more than RACY_MS ago; one stat per call checks it. Every write to the config is an
 * atomic rename (a new inode), from this process or any other, so a change is seen on the next call.
 * The cwd's real path is not cached: a symlink may be re-pointed at any time.
 */
export function createKeyService(deps: KeyServiceDeps): KeyService {
  const configPath = join(deps.dataDir, CONFIG_FILE)
  const readConfig = deps.readConfig
  let cached: { identity: string; config: Promise<ServingConfig> } | null = null
  // Concurrent requests share one stat (see single-flight.ts).
  const statConfig = singleFlight(statBigIntAsync)

  async function currentConfig(): Promise<ServingConfig> {
    let identity: string | null = null
    try {
      const s = await statConfig(configPath)
      // The injected clock, like every other clock reading here (tests set it against the file's own times).
      if ((deps.now?.() ?? new Date()).getTime() - Number(s.mtimeMs) >= RACY_MS) identity = `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`
    } catch {
      // Missing or unreadable: the reader decides (empty config, or a coded error).
    }
    if (identity !== null && cached?.identity === identity) return cached.config
    // Stat before read: a write racing with this read is cached under the old identity, so the next call sees it.
    const config = readConfig()
    cached = identity === null ? null : { identity, config }
    // A failed read (corrupt file moved aside) must not be remembered.
    config.catch(() => {
      if (cached?.config === config) cached = null
    })
    return config
  }

  /** The caller's facts for the audit log; nothing when the OS could not say (or there is no socket). */
  function callerFields(caller: Caller | null | undefined, realCwd?: string): { pid?: number; executable?: string; processDirectory?: string; requester?: string } {
    if (!caller) return {}
    const { peer, subject } = caller
    const directory = realCwd ?? peer.cwd
    return {
      pid: peer.pid,
      ...(peer.exe !== null && { executable: peer.exe }),
      ...(directory !== null && { processDirectory: directory }),
      ...(subject !== null && { requester: describeProcess(subject) }),
    }
  }

  /** The caller's claimed directory checked against its real one (socket only); refusals are audited with the real pid, executable and directory. */
  async function checkCaller(cwd: string, agent: string | undefined, transport: 'socket' | 'direct', caller: Caller | null | undefined): Promise<CheckedDirectory | undefined> {
    if (!caller) return undefined
    try {
      return await checkClaimedDirectory(cwd, caller.peer)
    } catch (error) {
      await deps.audit.append({
        event: 'key.denied',
        directory: cwd,
        ...(agent !== undefined && { agent }),
        transport,
        ...callerFields(caller),
        detail: "claimed directory is not the caller's working directory",
      })
      throw error
    }
  }

  /**
   * checkCaller, started beside the config's stat: the two are independent thread-pool round trips,
   * and a socket request waits for both. The config is still looked at first: its error wins when
   * both fail (the refusal is audited either way).
   */
  function startCheckCaller(...args: Parameters<typeof checkCaller>): Promise<CheckedDirectory | undefined> {
    const checking = checkCaller(...args)
    checking.catch(() => {})
    return checking
  }

  const noticed = new Set<string>()
  /** Refuses a profile the guard seal does not vouch for: audited, logged and notified (once per cause), with the way out. */
  async function checkGuardSeal(current: ServingConfig, name: string, audit: Omit<AuditEvent, 'event' | 'profile'>): Promise<void> {
    const state: SealState = await checkSeal(current.profiles, current.guardSeal, await deps.keychain.get(guardSecretAccount(configPath)))
    if (!sealRefuses(state, name) || state.state !== 'broken') return
    await deps.audit.append({ event: 'guard.tampered', profile: name, ...audit, detail: state.why })
    if (!noticed.has(state.why)) {
      noticed.add(state.why)
      deps.log?.(`guard: ${state.why}; nothing is served from ${state.refuse === 'all' ? 'any profile' : state.refuse.join(', ')} until you check: ${RESEAL_ADVICE}`)
      deps.notifier?.notify({ kind: 'guard-tampered', profiles: state.refuse === 'all' ? null : [...state.refuse], why: state.why })
    }
    throw new KeywardError('NOT_ALLOWED', `${state.why}, so Keyward serves nothing from ${name} until you check: ${RESEAL_ADVICE}`)
  }

  /** For a profile that requires approval: asks the approver (before any keychain read), or refuses. */
  async function approve(
    meta: ServingConfig['profiles'][number],
    directory: string,
    agent: string | undefined,
    transport: 'socket' | 'direct',
    caller: Caller | null | undefined,
    realCwd: string | undefined,
  ): Promise<void> {
    if (!meta.requiresApproval) return
    const tool = agent ?? (transport === 'direct' ? 'keyward' : 'unknown tool')
    const asker = caller?.subject ?? (caller ? { pid: caller.peer.pid, exe: caller.peer.exe, startTime: null } : null)
    // Remembered only for one process (pid + start time), its executable, the helper's and the real cwd.
    const identity =
      caller?.subject && caller.subject.startTime !== null && realCwd !== undefined
        ? [caller.subject.pid, caller.subject.startTime, caller.subject.exe, caller.peer.exe, realCwd].join('\u0000')
        : undefined
    const decision: ApprovalDecision = deps.approver
      ? await deps.approver.request(
          { profile: meta.name, directory, tool, ...(asker !== null && { pid: asker.pid }), ...(asker?.exe && { executable: asker.exe }), ...(identity !== undefined && { identity }) },
          { timeoutMs: APPROVAL_WAIT_MS },
        )
      : 'unavailable'
    if (decision === 'approved') return
    await deps.audit.append({ event: 'key.denied', profile: meta.name, directory, ...(agent !== undefined && { agent }), transport, ...callerFields(caller, realCwd), detail: `approval ${decision}` })
    if (decision === 'busy') {
      throw new KeywardError('UNAVAILABLE', `too many requests are already waiting for approval of ${meta.name}; answer the open prompt in the Keyward app, then try again`)
    }
    throw new KeywardError('NOT_ALLOWED', guardRefusal(meta.name, decision, deps.approver))
  }

  /** Approval for a forwarded request: the prompt names the remote host; an approval is remembered for that ssh session and directory only. */
  async function approveForwarded(meta: ServingConfig['profiles'][number], directory: string, agent: string | undefined, remote: ForwardedRemote): Promise<void> {
    if (!meta.requiresApproval) return
    const tool = agent ?? 'unknown tool'
    const decision: ApprovalDecision = deps.approver
      ? await deps.approver.request(
          { profile: meta.name, directory, tool, host: remote.host, identity: ['forwarded', remote.session, remote.host, directory].join('\u0000') },
          { timeoutMs: APPROVAL_WAIT_MS },
        )
      : 'unavailable'
    if (decision === 'approved') return
    await deps.audit.append({ event: 'key.denied', profile: meta.name, directory, ...(agent !== undefined && { agent }), transport: 'forwarded', host: remote.host, detail: `approval ${decision}` })
    if (decision === 'busy') throw new KeywardError('UNAVAILABLE', `too many requests are already waiting for approval of ${meta.name} on the laptop; answer the open prompt there, then try again`)
    const why =
      decision === 'denied'
        ? 'the request was denied on the laptop'
        : decision === 'timeout'
          ? 'nobody approved it on the laptop in time'
          : 'the laptop runs the headless daemon, which cannot ask anyone'
    throw new KeywardError('NOT_ALLOWED', `${why}; ${meta.name} needs approval in the Keyward desktop app on the laptop`)
  }

  async function keyOf(name: string, missingInKeychain: string): Promise<string> {
    const key = await deps.keychain.get(profileKeyAccount(name))
    if (key === null) throw new KeywardError('NOT_FOUND', missingInKeychain)
    return key
  }

  /** Reads the key; for an unguarded profile it starts now, beside the seal check, so the no-daemon helper pays one keychain round trip, not two. */
  function earlyKey(meta: ServingConfig['profiles'][number], missing: string): Promise<string> | null {
    if (meta.requiresApproval) return null
    const read = keyOf(meta.name, missing)
    read.catch(() => {})
    return read
  }

  return {
    async resolve(cwd, agent, transport, caller) {
      const checking = startCheckCaller(cwd, agent, transport, caller)
      const current = await currentConfig()
      const checked = await checking
      const realCwd = checked?.real
      const found = await profileForDirectory(current, cwd, undefined, checked?.claimedDirectory ?? undefined)
      const meta = current.profiles.find((p) => p.name === found.profile)
      if (!meta) {
        const source = found.reason === 'project-file' ? `${found.projectFile} names` : found.reason === 'default' ? 'the default is' : `${found.directory} is bound to`
        throw new KeywardError(
          'NOT_FOUND',
          `${source} profile "${found.profile}", which does not exist here; run: keyward add ${found.profile} (or, if its key is on your laptop, connect from there with keyward ssh)`,
        )
      }
      const facts = { directory: found.cwd, ...(agent !== undefined && { agent }), transport, ...callerFields(caller, realCwd) }
      const missing = `the keychain has no key for profile "${meta.name}" (deleted outside Keyward?); run: keyward remove ${meta.name} --force, then keyward add ${meta.name}`
      const early = meta.kind === 'api' ? earlyKey(meta, missing) : null
      await checkGuardSeal(current, meta.name, facts)
      if (meta.kind !== 'api') {
        throw new KeywardError('NOT_ALLOWED', `profile "${meta.name}" holds an Admin key, which Keyward never hands to tools; run: keyward use <api-profile> --dir ${found.cwd}`)
      }
      await approve(meta, found.cwd, agent, transport, caller, realCwd)
      const key = await (early ?? keyOf(meta.name, missing))
      await deps.audit.append({ event: 'key.served', profile: meta.name, ...facts })
      return { profile: meta.name, key, directory: found.directory, reason: found.reason }
    },

    async resolveProfile(name, cwd, agent, transport, caller) {
      const checking = startCheckCaller(cwd, agent, transport, caller)
      const current = await currentConfig()
      const realCwd = (await checking)?.real
      const meta = current.profiles.find((p) => p.name === name)
      if (!meta) throw new KeywardError('NOT_FOUND', `there is no profile "${name}" (asked for with --profile in ${cwd}); run: keyward list, or keyward add ${name}`)
      const facts = { directory: cwd, ...(agent !== undefined && { agent }), transport, ...callerFields(caller, realCwd) }
      const missing = `the keychain has no key for profile "${name}"; run: keyward remove ${name} --force, then keyward add ${name}`
      const early = meta.kind === 'api' ? earlyKey(meta, missing) : null
      await checkGuardSeal(current, meta.name, facts)
      if (meta.kind !== 'api') throw new KeywardError('NOT_ALLOWED', `profile "${name}" holds an Admin key, which Keyward never hands to tools; pass an API-key profile to --profile`)
      await approve(meta, cwd, agent, transport, caller, realCwd)
      const key = await (early ?? keyOf(meta.name, missing))
      await deps.audit.append({ event: 'key.served', profile: meta.name, ...facts, detail: 'forced with --profile' })
      return { profile: meta.name, key, directory: cwd, reason: 'forced' }
    },

    async resolveForwarded(name, cwd, agent, remote) {
      const current = await currentConfig()
      const facts = { directory: cwd, ...(agent !== undefined && { agent }), transport: 'forwarded', host: remote.host }
      const meta = current.profiles.find((p) => p.name === name)
      if (!meta || meta.kind !== 'api' || meta.forwardable !== true) {
        await deps.audit.append({ event: 'key.denied', profile: name, ...facts, detail: !meta ? 'no such profile' : 'not forwardable' })
        throw new KeywardError('NOT_ALLOWED', `the laptop does not forward a profile "${name}" (not marked forwardable, or no such profile); on the laptop, run: keyward forward ${name}`)
      }
      const missing = `the laptop's keychain has no key for profile "${name}"; on the laptop, run: keyward remove ${name} --force, then keyward add ${name}`
      const early = earlyKey(meta, missing)
      await checkGuardSeal(current, meta.name, facts)
      await approveForwarded(meta, cwd, agent, remote)
      const key = await (early ?? keyOf(meta.name, missing))
      await deps.audit.append({ event: 'key.served', profile: meta.name, ...facts })
      return { profile: meta.name, key, directory: cwd, reason: 'forced' }
    },
  }
}
