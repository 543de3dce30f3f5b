import { create } from 'zustand'
import { type LocalRange, presetRange } from '../../../shared/calendar'
import type { UsagePeople, UsagePersonDetail } from '../../../shared/contract'
import { PEOPLE_PAGE } from '../../../shared/people-page'
import type { WireError } from '../../../shared/errors'
import { client } from '../transport/client'
import { type RangeChoice, useUsageStore } from './usage-store'

interface PeopleState {
  people: UsagePeople | null
  person: UsagePersonDetail | null
  loading: boolean
  error: WireError | null
  /** How many people the screen shows: a page, and another with each "Load more". */
  limit: number
  /** Loads everyone's usage over the usage screens' range: the first page of people. */
  load(orgId: string): Promise<void>
  /** Loads one more page of people (same org and range). */
  more(orgId: string): Promise<void>
  /** Loads one person's page over the same range. */
  loadPerson(orgId: string, personId: string): Promise<void>
}

/** The range the Usage screens chose (the People screens share it, so switching keeps the dates). */
function currentRange(): LocalRange & { timeZone: string; choice: RangeChoice } {
  const { timeZone, choice, range } = useUsageStore.getState()
  const current = choice === 'custom' ? range : presetRange(choice, Date.now(), timeZone)
  return { ...current, timeZone, choice }
}

/** The People store: everyone's spend, and one person's page. */
export const usePeopleStore = create<PeopleState>((set, get) => {
  async function fetchPeople(orgId: string, limit: number): Promise<void> {
    const { from, to, timeZone } = currentRange()
    set({ loading: true, limit })
    const result = await client.call('usage.people', { orgId, range: { from, to, timeZone }, limit })
    set(result.ok ? { people: result.value, error: null, loading: false } : { people: null, error: result.error, loading: false })
  }
  return {
    people: null,
    person: null,
    loading: false,
    error: null,
    limit: PEOPLE_PAGE,
    load: (orgId) => fetchPeople(orgId, PEOPLE_PAGE),
    more: (orgId) => fetchPeople(orgId, get().limit + PEOPLE_PAGE),
    async loadPerson(orgId, personId) {
      const { from, to, timeZone } = currentRange()
      set({ loading: true })
      const result = await client.call('usage.person', { orgId, personId, range: { from, to, timeZone } })
      set(result.ok ? { person: result.value, error: null, loading: false } : { person: null, error: result.error, loading: false })
    },
  }
})
