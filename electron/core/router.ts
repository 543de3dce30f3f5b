import type { z } from 'zod'
import { KeywardError, isKeywardError } from '../../shared/errors'
import { type OutputOf, type ProcedureName, type Transport, allowsTransport, isProcedureName, procedures } from '../../shared/contract'
import { redactSecrets } from '../../shared/redact'
import type { Result } from '../../shared/result'

/**
 * Which transport a call came in on. The router checks it against the procedure's declared
 * transports (`procedure(…, policy)` in shared/contract); handlers may log it but must not behave
 * differently. `test` is unit tests calling the router directly, which the policy does not restrict.
 */
export interface CallContext {
  readonly transport: Transport | 'test'
}

/** Why `transport` may not call `name`, or null when it may: the procedure's own sentence for the dashboard. */
export function transportRefusal(name: ProcedureName, transport: CallContext['transport']): string | null {
  if (transport === 'test') return null
  const { policy } = procedures[name]
  if (allowsTransport(policy, transport)) return null
  if (transport === 'http' && 'httpRefusal' in policy) return `${name}: ${policy.httpRefusal}`
  return `${name} cannot be called over ${transport}.`
}

/** The input a handler receives: already parsed by the procedure's schema. */
export type ParsedInputOf<N extends ProcedureName> = z.output<(typeof procedures)[N]['input']>

/** One handler per procedure of the contract; a missing one is a type error. */
export type Handlers = {
  [N in ProcedureName]: (input: ParsedInputOf<N>, ctx: CallContext) => Promise<OutputOf<N>> | OutputOf<N>
}

/** Serves the contract: every transport hands calls to `call` and sends back what it returns. */
export interface Router {
  call(name: unknown, input: unknown, ctx: CallContext): Promise<Result<unknown>>
}

/** Where the router reports unexpected failures; messages are redacted before they get here. */
export type ErrorLog = (line: string) => void

/** Turns a zod failure into one line that names the fields, never their values. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ')
}

/**
 * Builds the router over a full set of handlers. The transport is checked against the procedure's
 * policy first (NOT_ALLOWED); inputs are parsed before a handler runs and outputs after, so a
 * handler can neither receive nor leak anything the contract does not declare.
 */
export function createRouter(handlers: Handlers, logError: ErrorLog = () => {}): Router {
  return {
    async call(name, input, ctx) {
      if (!isProcedureName(name)) {
        return { ok: false, error: { code: 'NOT_FOUND', message: `There is no procedure named ${JSON.stringify(String(name)).slice(0, 80)}.` } }
      }
      // Before the input is even parsed: a refused transport learns nothing about the procedure but its policy.
      const refusal = transportRefusal(name, ctx.transport)
      if (refusal !== null) return { ok: false, error: { code: 'NOT_ALLOWED', message: refusal } }
      const spec = procedures[name]
      const parsedInput = spec.input.safeParse(input ?? {})
      if (!parsedInput.success) {
        return { ok: false, error: { code: 'INVALID_INPUT', message: `${name}: ${describeZodError(parsedInput.error)}` } }
      }
      try {
        const handler = handlers[name] as (input: unknown, ctx: CallContext) => unknown
        const value = await handler(parsedInput.data, ctx)
        const parsedOutput = spec.output.safeParse(value)
        if (!parsedOutput.success) {
          throw new KeywardError('INTERNAL', `${name} produced a result outside the contract (${describeZodError(parsedOutput.error)}).`)
        }
        return { ok: true, value: parsedOutput.data }
      } catch (error) {
        if (isKeywardError(error)) return { ok: false, error: { code: error.code, message: redactSecrets(error.message) } }
        logError(`${name} failed unexpectedly: ${redactSecrets(error instanceof Error ? `${error.name}: ${error.message}` : String(error))}`)
        return { ok: false, error: { code: 'INTERNAL', message: `Keyward hit an unexpected error in ${name}; the log has the details.` } }
      }
    },
  }
}
