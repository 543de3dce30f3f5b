import { z } from 'zod'
import { everywhere, procedure } from './procedure'

/** Which program hosts the core: the Electron app or `keyward daemon`. */
export const Host = z.enum(['electron', 'daemon'])
export type Host = z.infer<typeof Host>

/** What the renderer shows in its footer and the About box. */
export const AppInfo = z.object({
  name: z.literal('Keyward'),
  version: z.string(),
  host: Host,
  platform: z.string(),
  dataDir: z.string(),
})
export type AppInfo = z.infer<typeof AppInfo>

/** Procedures about the app itself. */
export const appProcedures = {
  'app.info': procedure(z.object({}).strict(), AppInfo, everywhere),
}
