import { z } from 'zod'
import { KeyKind, ProfileName } from '../../../../shared/keys.schema'
import { StoredOrg } from '../../org/orgs/orgs.schema'
import { RotationSection } from '../../org/rotation/rotation.schema'
import { CONFIG_VERSION } from './config-file'

/** A profile's metadata; the key itself lives only in the keychain. */
export const ProfileMeta = z.looseObject({
  name: ProfileName,
  kind: KeyKind,
  hint: z.string(),
  tags: z.array(z.string()).default([]),
  createdAt: z.string(),
  rotatedAt: z.string().nullable().default(null),
  /** Serve to a tool only after a person approves in the app (`keyward guard`); missing (older configs) means false. */
  requiresApproval: z.boolean().optional(),
  /** Served to remote machines over `keyward ssh` (`keyward forward`); missing means false. */
  forwardable: z.boolean().optional(),
})
export type ProfileMeta = z.infer<typeof ProfileMeta>

/** A user's binding of a directory (absolute, real path) to a profile. */
export const Binding = z.object({
  directory: z
    .string()
    .startsWith('/')
    .or(z.string().regex(/^[A-Za-z]:[\\/]/)),
  profile: ProfileName,
  createdAt: z.string(),
})
export type Binding = z.infer<typeof Binding>

/** A `.keyward.json` the user allowed: its directory (real path) and the sha256 of the file then. */
export const AllowedProject = z.object({
  directory: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  profile: ProfileName,
  allowedAt: z.string(),
})
export type AllowedProject = z.infer<typeof AllowedProject>

/**
 * Where the keys live (owned by electron/core/vault): `backend` "keychain" (the default, also when
 * the section is missing) or "file", the age-encrypted `<data dir>/vault.age`. Only `keyward vault
 * init` and `keyward vault migrate` change it; nothing falls back to the file by itself.
 */
export const VaultSection = z.looseObject({ backend: z.enum(['keychain', 'file']) })
export type VaultSection = z.infer<typeof VaultSection>

/**
 * The whole config file. Loose at the top level so that sections other services add later survive
 * a read-modify-write by an older reader.
 */
export const Config = z.looseObject({
  version: z.literal(CONFIG_VERSION),
  profiles: z.array(ProfileMeta).default([]),
  defaultProfile: ProfileName.nullable().default(null),
  bindings: z.array(Binding).default([]),
  allowedProjects: z.array(AllowedProject).default([]),
  /** Orgs administered through the Admin API (owned by electron/core/org/orgs). */
  orgs: z.array(StoredOrg).optional(),
  /** Key-rotation policy and rotations in progress (owned by electron/core/org/rotation). */
  rotation: RotationSection.optional(),
  /**
   * The guard's integrity seal (electron/core/keys/profiles/guard-seal.ts). Any value is kept as is: a
   * malformed seal is a broken seal, which refuses serving, never a corrupt config moved aside.
   */
  guardSeal: z.unknown().optional(),
  /** The vault backend (VaultSection above). */
  vault: VaultSection.optional(),
})
export type Config = z.infer<typeof Config>

/** The config of a fresh install. */
export function emptyConfig(): Config {
  return { version: CONFIG_VERSION, profiles: [], defaultProfile: null, bindings: [], allowedProjects: [] }
}
