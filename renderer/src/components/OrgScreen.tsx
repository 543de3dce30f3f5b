import type { ReactNode } from 'react'
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
