import { z } from 'zod'
import { SOCKET_PROTOCOL_VERSION } from './wire'

/** A resolve request as the server accepts it: an absolute directory, an optional agent name and profile. */
export const ResolveRequestSchema = z.strictObject({
  v: z.literal(SOCKET_PROTOCOL_VERSION),
  op: z.literal('resolve'),
  cwd: z
    .string()
    .min(1)
    .max(4096)
    .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\'), {
      message: 'must be an absolute path',
    }),
  agent: z.string().max(256).nullish(),
  profile: z.string().min(1).max(128).optional(),
})
export type ResolveRequestSchema = z.infer<typeof ResolveRequestSchema>

/** A ping request. */
export const PingRequestSchema = z.strictObject({ v: z.literal(SOCKET_PROTOCOL_VERSION), op: z.literal('ping') })
export type PingRequestSchema = z.infer<typeof PingRequestSchema>

const Account = z.string().min(1).max(512)
/** The file vault's requests (see VaultRequest in wire.ts); a passphrase is at most 1 KiB. */
export const VaultRequestSchema = z.discriminatedUnion('op', [
  z.strictObject({ v: z.literal(SOCKET_PROTOCOL_VERSION), op: z.literal('unlock'), passphrase: z.string().min(1).max(1024) }),
  z.strictObject({ v: z.literal(SOCKET_PROTOCOL_VERSION), op: z.literal('lock') }),
  z.strictObject({ v: z.literal(SOCKET_PROTOCOL_VERSION), op: z.literal('vault-status') }),
  z.strictObject({ v: z.literal(SOCKET_PROTOCOL_VERSION), op: z.literal('vault-get'), account: Account }),
  z.strictObject({ v: z.literal(SOCKET_PROTOCOL_VERSION), op: z.literal('vault-set'), account: Account, secret: z.string().min(1).max(4096) }),
  z.strictObject({ v: z.literal(SOCKET_PROTOCOL_VERSION), op: z.literal('vault-delete'), account: Account }),
])
export type VaultRequestSchema = z.infer<typeof VaultRequestSchema>

/** Every op the server understands. */
export const SOCKET_OPS = ['resolve', 'ping', 'unlock', 'lock', 'vault-status', 'vault-get', 'vault-set', 'vault-delete'] as const

/** Every request the server understands, told apart by `op`. */
export const SocketRequestSchema = z.discriminatedUnion('op', [ResolveRequestSchema, PingRequestSchema, ...VaultRequestSchema.options])
export type SocketRequestSchema = z.infer<typeof SocketRequestSchema>
