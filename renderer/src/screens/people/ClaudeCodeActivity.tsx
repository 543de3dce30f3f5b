import { useEffect } from 'react'
import type { ClaudeCodeFigures, ClaudeCodePerson, UsagePeople } from '../../../../shared/contract'
import { DataTable } from '../../components/DataTable'
import { StatTile } from '../../components/States'
import { formatNumber, formatPercent, formatTokens } from '../../format'
import { showMoney } from '../../money'
import { useClaudeCodeStore } from '../../stores/claude-code-store'
import { useUsageStore } from '../../stores/usage-store'
import { type PersonIdentity, acceptRatio, claudeCodeOf } from './claude-code-match'

const ESTIMATE_NOTE = "Claude Code's estimated cost is its own estimate at list prices, not the bill; API spend is the billed cost from the usage report."

/** Loads the Claude Code report whenever the org or the usage screens' range changes. */
function useClaudeCodeReport(orgId: string) {
  const range = useUsageStore()
  const s = useClaudeCodeStore()
  const { load } = s
  useEffect(() => {
    void load(orgId)
  }, [load, orgId, range.choice, range.range.from, range.range.to])
  return s.report?.orgId === orgId || s.report?.orgId === null ? s : { ...s, report: null }
}

const rate = (f: ClaudeCodeFigures): string => {
  const r = acceptRatio(f)
  return r === null ? '—' : formatPercent(r)
}

function Unavailable({ message }: { message: string }) {
  return <p className="usage-tz">Claude Code figures are not available: {message}</p>
}

/** The People screen's Claude Code section: each person's sessions, lines, commits, PRs, accept rate and estimated cost, beside their API spend. */
export function ClaudeCodePeopleSection({ orgId, people }: { orgId: string; people: UsagePeople | null }) {
  const s = useClaudeCodeReport(orgId)
  if (s.error) return <Unavailable message={s.error.message} />
  const report = s.report
  if (!report || report.people.length === 0) return null
  const spendOf = (p: ClaudeCodePerson): string | undefined => {
    const row = people?.people.find((person) => claudeCodeOf(person, report) === p)
    return row?.totals.cost
  }
  return (
    <section aria-labelledby="claude-code-people" data-testid="claude-code-people">
      <h2 id="claude-code-people">Claude Code</h2>
      <p className="usage-tz">
        UTC days {report.from} to {report.to} ({report.daysCached} of {report.daysInRange} synced). {ESTIMATE_NOTE}
      </p>
      <div className="table-scroll">
        <DataTable
          className="usage-table"
          caption={`Claude Code, ${report.from} to ${report.to}`}
          columns={[
            { key: 'who', header: 'Person', rowHeader: true, truncate: '16em', cell: (p) => p.actor },
            { key: 'sessions', header: 'Sessions', align: 'end', cell: (p) => formatNumber(p.sessions) },
            { key: 'lines', header: 'Lines', align: 'end', cell: (p) => `+${formatNumber(p.linesAdded)} −${formatNumber(p.linesRemoved)}` },
            { key: 'commits', header: 'Commits', align: 'end', cell: (p) => formatNumber(p.commits) },
            { key: 'prs', header: 'PRs', align: 'end', cell: (p) => formatNumber(p.pullRequests) },
            { key: 'accept', header: 'Accept rate', align: 'end', cell: rate },
            { key: 'cost', header: 'Claude Code est.', align: 'end', cell: (p) => showMoney(p.cost, 'USD'), cellProps: (p) => ({ 'data-amount': p.cost }) },
            { key: 'api', header: 'API spend', align: 'end', cell: (p) => (spendOf(p) === undefined ? '—' : showMoney(spendOf(p)!, people?.currency ?? 'USD')) },
          ]}
          rows={report.people}
          rowKey={(p) => `${p.actorType}:${p.actor}`}
        />
      </div>
    </section>
  )
}

/** A person's page: their Claude Code figures and estimated cost per model, beside their API spend. */
export function ClaudeCodePersonSection({ orgId, person }: { orgId: string; person: PersonIdentity }) {
  const s = useClaudeCodeReport(orgId)
  if (s.error) return <Unavailable message={s.error.message} />
  const figures = claudeCodeOf(person, s.report)
  if (!s.report || !figures) return null
  return (
    <section aria-labelledby="claude-code-person" data-testid="claude-code-person">
      <h3 id="claude-code-person">Claude Code</h3>
      <p className="usage-tz">
        UTC days {s.report.from} to {s.report.to}. {ESTIMATE_NOTE}
      </p>
      <div className="stats">
        <StatTile label="Sessions" value={formatNumber(figures.sessions)} testId="claude-code-sessions" />
        <StatTile label="Lines" value={`+${formatNumber(figures.linesAdded)} −${formatNumber(figures.linesRemoved)}`} testId="claude-code-lines" />
        <StatTile label="Commits · PRs" value={`${formatNumber(figures.commits)} · ${formatNumber(figures.pullRequests)}`} testId="claude-code-commits" />
        <StatTile
          label="Accept rate"
          value={rate(figures)}
          hint={`${formatNumber(figures.toolAccepted)} of ${formatNumber(figures.toolAccepted + figures.toolRejected)} tool proposals`}
          testId="claude-code-accept"
        />
        <StatTile label="Claude Code est. cost" value={showMoney(figures.cost, 'USD')} testId="claude-code-cost" data={{ 'data-amount': figures.cost }} />
      </div>
      <DataTable
        className="usage-table"
        caption="Claude Code by model"
        columns={[
          { key: 'model', header: 'Model', rowHeader: true, cell: (m) => m.model },
          { key: 'cost', header: 'Est. cost', align: 'end', cell: (m) => showMoney(m.cost, 'USD'), cellProps: (m) => ({ 'data-amount': m.cost }) },
          { key: 'tokens', header: 'Tokens', align: 'end', cell: (m) => formatTokens(m.inputTokens + m.outputTokens + m.cacheReadTokens + m.cacheCreationTokens) },
        ]}
        rows={figures.models}
        rowKey={(m) => m.model}
      />
    </section>
  )
}

/** The dashboard's team total of Claude Code over the range. */
export function ClaudeCodeTeamTotal({ orgId }: { orgId: string }) {
  const s = useClaudeCodeReport(orgId)
  if (s.error) return <Unavailable message={s.error.message} />
  const report = s.report
  if (!report || report.people.length === 0) return null
  const t = report.total
  return (
    <section aria-labelledby="claude-code-team" data-testid="claude-code-team">
      <h2 id="claude-code-team">Claude Code, the team</h2>
      <div className="stats">
        <StatTile label="People" value={formatNumber(report.people.length)} />
        <StatTile label="Sessions" value={formatNumber(t.sessions)} testId="claude-code-team-sessions" />
        <StatTile label="Lines" value={`+${formatNumber(t.linesAdded)} −${formatNumber(t.linesRemoved)}`} />
        <StatTile label="Commits · PRs" value={`${formatNumber(t.commits)} · ${formatNumber(t.pullRequests)}`} />
        <StatTile label="Accept rate" value={rate(t)} />
        <StatTile label="Est. cost" value={showMoney(t.cost, 'USD')} hint={`UTC days ${report.from} to ${report.to}`} testId="claude-code-team-cost" data={{ 'data-amount': t.cost }} />
      </div>
    </section>
  )
}
