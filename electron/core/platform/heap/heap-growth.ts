import { setFlagsFromString } from 'node:v8'

/*
 * How far V8 lets a long-running host's heap grow before its next full collection. By default
 * the old generation's next limit is up to four times what survived the last one (more when
 * collections are fast), so a host that has answered a burst of queries over a big org sits on
 * garbage it has not yet had a reason to collect: at 20,000 keys, 350 MB resident after the
 * bench's queries where 60–100 MB was alive. At 1.2–1.5 × the same queries ran as fast (p50
 * per-key totals and People alike) and peaked at 225–240 MB; the whole bench process (syncs, then
 * its queries) at 301 MB with 1.5 ×, so it is 1.25 ×.
 *
 * `heap_growing_percent` is one of the heuristics V8 reads at each collection, so it takes effect
 * when set at start-up, unlike the heap's size limits, which are fixed when the heap is made.
 */

/** The old generation's growth factor between full collections, as V8's percent above 1. */
export const HEAP_GROWING_PERCENT = 25

/** The V8 flag limitHeapGrowth sets. */
export const HEAP_GROWTH_FLAG = `--heap-growing-percent=${HEAP_GROWING_PERCENT}`

/** Caps the heap's growth between full collections in this process (a host: the app, the daemon). */
export function limitHeapGrowth(): void {
  setFlagsFromString(HEAP_GROWTH_FLAG)
}
