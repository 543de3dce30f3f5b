import { z } from 'zod'
import { procedure } from './procedure'

/** The events Keyward appends to its audit log; other domains add theirs here. */
export const AuditEventName = z.enum([
  'key.served',
  'key.copied',
  'key.denied',
  'profile.added',
  'profile.removed',
  'profile.renamed',
  'binding.set',
  'binding.removed',
  'default.set',
  'approval.set',
  'guard.resealed',
  'guard.tampered',
  'project.allowed',
  'org.added',
  'org.removed',
  'admin.action',
  'rotation.started',
  'rotation.retired',
  'rotation.failed',
])
export type AuditEventName = z.infer<typeof AuditEventName>

/**
 * One line of the audit log. `event` is read as any dotted name so that a log written by a newer
 * version still lists; the fields never hold a key.
 */
export const AuditEntry = z.object({
  time: z.string(),
  event: z.string().regex(/^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)+$/),
  profile: z.string().optional(),
  directory: z.string().optional(),
  /** The requesting tool as the caller claims it ($AI_AGENT); never checked. */
  agent: z.string().optional(),
  transport: z.string().optional(),
  detail: z.string().optional(),
  /** The real caller of the key socket, from the OS (peer credentials): its pid, executable and working directory. */
  pid: z.number().int().optional(),
  executable: z.string().optional(),
  processDirectory: z.string().optional(),
  /** The process a remembered approval is bound to (the helper's parent through `sh -c`), as "EXE (pid N)". */
  requester: z.string().optional(),
})
export type AuditEntry = z.infer<typeof AuditEntry>

/** Procedures about the audit log. */
export const auditProcedures = {
  'audit.list': procedure(z.object({ limit: z.number().int().min(1).max(10_000).default(200) }).strict(), z.array(AuditEntry)),
}
