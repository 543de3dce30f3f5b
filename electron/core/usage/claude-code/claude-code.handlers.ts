import type { Handlers } from '../../router'
import type { ClaudeCodeService } from './claude-code-service'

/** The handler of `usage.claudeCode`: the Claude Code report over the cache. */
export function claudeCodeHandlers(service: ClaudeCodeService): Pick<Handlers, 'usage.claudeCode'> {
  return { 'usage.claudeCode': (input) => service.report(input) }
}
