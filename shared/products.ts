/*
 * The product surfaces the Admin API's usage reports name (`group.product`), labelled for people,
 * and which of them are "the API" and which "Claude Code" (the People screen's split).
 */

const LABELS: Readonly<Record<string, string>> = {
  messages_api: 'API (Messages)',
  message_batches_api: 'API (Message Batches)',
  managed_agents_api: 'API (Managed Agents)',
  claude_code: 'Claude Code',
  claude_console: 'Console',
  chat: 'Claude chat',
  cowork: 'Cowork',
  chat_cowork_unified: 'Chat and Cowork',
  office_agent: 'Office agent',
  claude_in_chrome: 'Claude in Chrome',
  claude_design: 'Claude Design',
  claude_tag: 'Claude in Slack',
  cc_security_autopatch: 'Claude Security',
  other: 'Other',
}

/** Products a budget scope or filter may name: the SDK's product filter values and the report-only ones. */
export const KNOWN_PRODUCTS: readonly string[] = Object.keys(LABELS)

/** A product's label; an unknown product (the API adds them over time) shows as the API spells it. */
export function productLabel(product: string): string {
  return LABELS[product] ?? product
}

/** Whether a product is Claude Code, one of the API surfaces, or something else. */
export function productFamily(product: string): 'claude_code' | 'api' | 'other' {
  if (product === 'claude_code') return 'claude_code'
  return product === 'messages_api' || product === 'message_batches_api' || product === 'managed_agents_api' ? 'api' : 'other'
}
