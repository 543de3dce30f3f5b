import { z } from 'zod'

/** A resolve request as the server accepts it: an absolute directory, an optional agent name and profile. */
export const ResolveRequestSchema = z.strictObject({
  v: z.literal(1),
  op: z.literal('resolve'),
  cwd: z.string().min(1).max(4096).refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\'), {
    message: 'must be an absolute path',
  }),
  agent: z.string().max(256).nullish(),
  profile: z.string().min(1).max(128).optional(),
})
export type ResolveRequestSchema = z.infer<typeof ResolveRequestSchema>

/** A ping request. */
export const PingRequestSchema = z.strictObject({ v: z.literal(1), op: z.literal('ping') })
export type PingRequestSchema = z.infer<typeof PingRequestSchema>

/** Every request the server understands, told apart by `op`. */
export const SocketRequestSchema = z.discriminatedUnion('op', [ResolveRequestSchema, PingRequestSchema])
export type SocketRequestSchema = z.infer<typeof SocketRequestSchema>
