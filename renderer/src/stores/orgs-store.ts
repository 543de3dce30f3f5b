import { create } from 'zustand'
import type { OrgSummary } from '../../../shared/contract'
import type { WireError } from '../../../shared/errors'
import { client } from '../transport/client'

const SELECTED_KEY = 'keyward.org'

interface OrgsState {
  orgs: OrgSummary[]
  selectedId: string | null
  loaded: boolean
  loading: boolean
  error: WireError | null
  load(): Promise<void>
  select(orgId: string): void
  addDemo(): Promise<void>
}

/** The orgs Keyward administers and which one the admin screens show (remembered for the session). */
export const useOrgsStore = create<OrgsState>((set, get) => ({
  orgs: [],
  selectedId: typeof sessionStorage === 'undefined' ? null : sessionStorage.getItem(SELECTED_KEY),
  loaded: false,
  loading: false,
  error: null,
  async load() {
    set({ loading: true })
    const result = await client.call('orgs.list', {})
    if (!result.ok) return set({ error: result.error, loading: false, loaded: true })
    const orgs = result.value
    const selectedId = orgs.some((o) => o.id === get().selectedId) ? get().selectedId : (orgs[0]?.id ?? null)
    set({ orgs, selectedId, error: null, loading: false, loaded: true })
  },
  select(orgId) {
    sessionStorage.setItem(SELECTED_KEY, orgId)
    set({ selectedId: orgId })
  },
  async addDemo() {
    set({ loading: true })
    const result = await client.call('orgs.addDemo', {})
    if (!result.ok) return set({ error: result.error, loading: false })
    get().select(result.value.id)
    await get().load()
  },
}))
