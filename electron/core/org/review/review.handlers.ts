import type { Handlers } from '../../router'
import type { ReviewService } from './review-service'

/** Handlers for `review.*`: thin, the service does the work. */
export function reviewHandlers(review: ReviewService): Pick<Handlers, 'review.run' | 'review.accept' | 'review.fix' | 'review.setThresholds'> {
  return {
    'review.run': (i) => review.run(i.orgId),
    'review.accept': (i) => review.accept(i.orgId, i.findingId, i.reason),
    'review.fix': (i) => review.fix(i.orgId, i.findingId, i.amountCents),
    'review.setThresholds': (i) => review.setThresholds(i),
  }
}
