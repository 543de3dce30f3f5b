/**
 * The Admin API emulator: a seeded demo organisation served on 127.0.0.1 in the wire format
 * the official `@anthropic-ai/sdk` expects, with fault injection and ground-truth totals.
 */
export { startEmulator, EMULATOR_DEFAULTS, type EmulatorHandle, type EmulatorOptions, type RequestLogEntry } from './server'
export type { Fault, FaultRegistry } from './faults'
export type { TruthQuery, TruthTotals } from './ground-truth'
export type { AddApiKeyOptions } from './org-actions'
export type { ApiKeyRecord, OrgState } from './org-state'
export { formatMicroCents, parseCentsToMicro } from './money'
export { MODELS } from './models'
export { parseEmulatorArgs, emulatorBanner } from './cli-options'
