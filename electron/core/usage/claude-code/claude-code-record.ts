/**
 * One Claude Code analytics record as Keyward keeps it: one actor's Claude Code use on one UTC
 * day, from `GET /v1/organizations/usage_report/claude_code`. Costs are exact micro-cents.
 */

/** The four tools whose proposals the report counts as accepted or rejected. */
export const CLAUDE_CODE_TOOLS = ['edit_tool', 'multi_edit_tool', 'write_tool', 'notebook_edit_tool'] as const
export type ClaudeCodeTool = (typeof CLAUDE_CODE_TOOLS)[number]

/** Who the record is about: a person (by e-mail) or an API key (by its name). */
export interface ClaudeCodeActor {
  readonly type: 'user' | 'api_key'
  /** The e-mail address of a user, or the name of an API key. */
  readonly name: string
}

/** One model's tokens and estimated cost within a record. */
export interface ClaudeCodeModelUse {
  readonly model: string
  readonly inputTokens: number
  readonly outputTokens: number
  readonly cacheReadTokens: number
  readonly cacheCreationTokens: number
  /** `estimated_cost.amount` (cents, a JSON number) read exactly, in micro-cents. */
  readonly estimatedCostMicro: bigint
}

/** One actor's day of Claude Code. */
export interface ClaudeCodeRecord {
  /** The UTC day, YYYY-MM-DD. */
  readonly day: string
  readonly actor: ClaudeCodeActor
  /** `api` or `subscription`. */
  readonly customerType: string
  /** Where Claude Code ran (`vscode`, `tmux`, …); '' when the report leaves it out. */
  readonly terminalType: string
  readonly sessions: number
  readonly linesAdded: number
  readonly linesRemoved: number
  readonly commits: number
  readonly pullRequests: number
  readonly toolActions: Readonly<Record<ClaudeCodeTool, { readonly accepted: number; readonly rejected: number }>>
  readonly models: readonly ClaudeCodeModelUse[]
}
