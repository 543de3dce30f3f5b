import { join } from 'node:path'
import { z } from 'zod'
import { ChannelName } from '../../../../shared/contract/channels.contract'
import { KeywardError } from '../../../../shared/errors'
import { writeStateFile } from '../../platform/config/atomic-write'
import { withFileLock } from '../../platform/config/file-lock'
import { ensurePrivateDir } from '../../platform/fs/private-dir'
import { readStateFile } from '../../platform/fs/safe-file'

/** A channel's settings as stored: nothing secret (the webhook URL, signing secret and SMTP password are in the vault). */
export const StoredChannel = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('webhook'),
    name: ChannelName,
    format: z.enum(['slack', 'json']),
    /** Scheme and host only: the path of a Slack URL is its token. */
    display: z.string(),
    createdAt: z.string(),
  }),
  z.object({
    kind: z.literal('email'),
    name: ChannelName,
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535),
    security: z.enum(['tls', 'starttls', 'plaintext']),
    user: z.string().nullable(),
    from: z.string(),
    to: z.array(z.string()).min(1).max(20),
    createdAt: z.string(),
  }),
])
export type StoredChannel = z.infer<typeof StoredChannel>

const ChannelsFile = z.object({ version: z.literal(1), channels: z.array(StoredChannel) })
type ChannelsFile = z.infer<typeof ChannelsFile>

/** The channels file `<dataDir>/channels.json`, written atomically under a lock. */
export interface ChannelStore {
  read(): Promise<ChannelsFile>
  update(change: (current: ChannelsFile) => ChannelsFile): Promise<ChannelsFile>
}

/** Opens the channel store of `dataDir`. */
export function createChannelStore(dataDir: string): ChannelStore {
  const path = join(dataDir, 'channels.json')
  const read = async (): Promise<ChannelsFile> => {
    const text = await readStateFile(path, 1024 * 1024)
    if (text === null) return { version: 1, channels: [] }
    let parsed: ReturnType<typeof ChannelsFile.safeParse> | null = null
    try {
      parsed = ChannelsFile.safeParse(JSON.parse(text))
    } catch {
      parsed = null
    }
    if (!parsed?.success) throw new KeywardError('CONFIG_CORRUPT', `the channels file ${path} could not be read; fix it, or delete it and add the channels again.`)
    return parsed.data
  }
  return {
    read,
    update: (change) => {
      // The lock file lives beside channels.json: on a first run the data directory may not exist yet.
      ensurePrivateDir(dataDir)
      return withFileLock(`${path}.lock`, async () => {
        const next = change(await read())
        await writeStateFile(path, `${JSON.stringify(next, null, 2)}\n`)
        return next
      })
    },
  }
}
