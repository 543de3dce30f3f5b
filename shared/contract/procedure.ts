import type { z } from 'zod'

/** One procedure of the contract: what it takes and what it gives back, both checked at runtime. */
export interface Procedure<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly input: I
  readonly output: O
}

/** Declares a procedure; the name is the key it is stored under (`domain.verbNoun`). */
export function procedure<I extends z.ZodType, O extends z.ZodType>(input: I, output: O): Procedure<I, O> {
  return { input, output }
}
