import type { Handlers } from '../../router'
import type { Clipboard } from './clipboard'
import type { ProfilesService } from './profiles-service'

/** Handlers for `profiles.*`: thin, so every rule lives (and is tested) in the service. */
export function profileHandlers(
  profiles: ProfilesService,
  clipboard: Clipboard,
): Pick<Handlers, 'profiles.list' | 'profiles.add' | 'profiles.remove' | 'profiles.rename' | 'profiles.setDefault' | 'profiles.setApproval' | 'profiles.setForwardable' | 'profiles.copyKey'> {
  return {
    'profiles.list': () => profiles.list(),
    'profiles.add': (input) => profiles.add(input),
    'profiles.remove': (input) => profiles.remove(input.name, { force: input.force }),
    'profiles.rename': (input) => profiles.rename(input.from, input.to),
    'profiles.setDefault': async (input) => ({ defaultProfile: await profiles.setDefault(input.name) }),
    'profiles.setApproval': (input) => profiles.setApproval(input.name, input.required),
    'profiles.setForwardable': (input) => profiles.setForwardable(input.name, input.forwardable),
    'profiles.copyKey': async (input) => {
      await profiles.copyKey(input.name, clipboard)
      return { copied: true as const }
    },
  }
}
