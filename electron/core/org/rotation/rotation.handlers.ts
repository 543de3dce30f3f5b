import type { Handlers } from '../../router'
import type { RotationService } from './rotation-service'

/** Handlers for `rotation.*`. */
export function rotationHandlers(rotation: RotationService): Pick<Handlers, 'rotation.overview' | 'rotation.setPolicy' | 'rotation.rotate' | 'rotation.retire'> {
  return {
    'rotation.overview': () => rotation.overview(),
    'rotation.setPolicy': (i) => rotation.setPolicy(i),
    'rotation.rotate': (i) => rotation.rotate(i.profile, i.newKey, i.quietHours === undefined ? {} : { quietHours: i.quietHours }),
    'rotation.retire': (i) => rotation.retire(i.profile, i.confirm),
  }
}
