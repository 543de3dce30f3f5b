import type { z } from 'zod'
import { allowsTransport } from './procedure'
import { appProcedures } from './app.contract'
import { auditProcedures } from './audit.contract'
import { bindingProcedures } from './bindings.contract'
import { profileProcedures } from './profiles.contract'
import { adminProcedures } from './admin.contract'
import { orgProcedures } from './orgs.contract'
import { rotationProcedures } from './rotation.contract'
import { trayProcedures } from './tray.contract'
import { usageProcedures } from './usage.contract'
import { claudeCodeProcedures } from './claude-code.contract'
import { budgetProcedures } from './budgets.contract'
import { projectProcedures } from './projects.contract'
import { channelProcedures } from './channels.contract'
import { reviewProcedures } from './review.contract'
import { offboardProcedures } from './offboard.contract'
import { alertProcedures } from './alerts.contract'
import { estimatesProcedures } from './estimates.contract'

export * from './app.contract'
export * from './audit.contract'
export * from './bindings.contract'
export * from './profiles.contract'
export * from './admin.contract'
export * from './orgs.contract'
export * from './rotation.contract'
export * from './tray.contract'
export * from './usage.contract'
export * from './claude-code.contract'
export * from './budgets.contract'
export * from './projects.contract'
export * from './channels.contract'
export * from './review.contract'
export * from './offboard.contract'
export * from './alerts.contract'
export * from './estimates.contract'
export type { Procedure, Transport, TransportPolicy } from './procedure'
export { TRANSPORTS, allowsTransport } from './procedure'

/**
 * The whole contract, declared once. The core's router serves it; the preload and the
 * HTTP client are generated from its names; the renderer calls it through typed functions.
 * Each domain keeps its procedures in its own `<domain>.contract.ts`, each with the transports
 * that may call it (the router refuses the others; docs/threat-model.md lists them).
 */
export const procedures = {
  ...appProcedures,
  ...profileProcedures,
  ...bindingProcedures,
  ...auditProcedures,
  ...trayProcedures,
  ...usageProcedures,
  ...claudeCodeProcedures,
  ...budgetProcedures,
  ...orgProcedures,
  ...adminProcedures,
  ...rotationProcedures,
  ...projectProcedures,
  ...channelProcedures,
  ...reviewProcedures,
  ...offboardProcedures,
  ...alertProcedures,
  ...estimatesProcedures,
} as const

/** Every procedure's name, `domain.verbNoun`. */
export type ProcedureName = keyof typeof procedures

/** What a caller passes to procedure N. */
export type InputOf<N extends ProcedureName> = z.input<(typeof procedures)[N]['input']>

/** What procedure N gives back on success. */
export type OutputOf<N extends ProcedureName> = z.output<(typeof procedures)[N]['output']>

/** The names, in declaration order, for transports that generate one function per procedure. */
export const procedureNames = Object.keys(procedures) as ProcedureName[]

/** True when `name` is a procedure of the contract (transports call nothing else). */
export function isProcedureName(name: unknown): name is ProcedureName {
  return typeof name === 'string' && Object.hasOwn(procedures, name)
}

/** The procedures the daemon's web dashboard (HTTP) may not call, in declaration order. */
export const refusedOverHttp: readonly ProcedureName[] = procedureNames.filter((name) => !allowsTransport(procedures[name].policy, 'http'))
