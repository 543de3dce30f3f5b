import type { ComponentType, ReactNode } from 'react'
import type { OrgSummary } from '../../../shared/contract'
import { OrgGate } from './OrgGate'

/** An org screen's shell: a section labelled by its title, and the OrgGate that renders `children` for the selected org. */
export function OrgScreen({ id, title, children }: { id: string; title: string; children: (org: OrgSummary) => ReactNode }) {
  return (
    <section aria-labelledby={id}>
      <div className="screen-header">
        <h1 id={id}>{title}</h1>
      </div>
      <OrgGate>{children}</OrgGate>
    </section>
  )
}

/**
 * A screen whose body is rendered for the selected org, keyed by the org's id so that switching orgs
 * starts the body afresh (no state, loads or errors carried over from the other org).
 */
export function orgScreen(id: string, title: string, Body: ComponentType<{ org: OrgSummary }>) {
  return function Screen() {
    return (
      <OrgScreen id={id} title={title}>
        {(org) => <Body key={org.id} org={org} />}
      </OrgScreen>
    )
  }
}
