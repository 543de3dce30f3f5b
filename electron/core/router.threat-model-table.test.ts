import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { type ProcedureName, allowsTransport, procedureNames, procedures } from '../../shared/contract'

/**
 * docs/threat-model.md's "A leaked dashboard URL" table against the contract: every procedure in
 * exactly one row, and a row says "no" exactly when the router refuses its procedures over HTTP.
 * A procedure added, or a policy loosened, without the table changing fails here.
 */
const doc = readFileSync(new URL('../../docs/threat-model.md', import.meta.url), 'utf8')

function leakedUrlRows(): { names: string[]; overHttp: string }[] {
  const start = doc.indexOf('\n## A leaked dashboard URL\n')
  expect(start, 'docs/threat-model.md has a section "## A leaked dashboard URL"').toBeGreaterThan(-1)
  const end = doc.indexOf('\n## ', start + 1)
  const section = doc.slice(start, end === -1 ? undefined : end)
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => {
      const [names = '', overHttp = ''] = line
        .split('|')
        .slice(1)
        .map((cell) => cell.trim())
      return { names: [...names.matchAll(/`([^`]+)`/g)].map((m) => m[1]!), overHttp }
    })
}

describe('the threat model’s leaked-dashboard table', () => {
  const rows = leakedUrlRows()
  const listed = rows.flatMap((r) => r.names)

  it('lists every procedure of the contract exactly once, and nothing else', () => {
    expect([...listed].sort()).toEqual([...procedureNames].sort())
  })

  it.each(procedureNames.map((n) => [n]))('says what the router does with %s over HTTP', (name) => {
    const row = rows.find((r) => r.names.includes(name))!
    expect(row.overHttp).toBe(allowsTransport(procedures[name as ProcedureName].policy, 'http') ? 'yes' : 'no')
  })
})
