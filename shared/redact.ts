/** Anything shaped like an Anthropic key (API, Admin, or a future prefix), long enough to matter. */
const KEY_PATTERN = /sk-ant-[A-Za-z0-9_-]{8,}/g

/**
 * Replaces every key-shaped token in `text` with a placeholder. Used on every string that
 * leaves the core by a path we do not fully control (logs of unexpected errors, child output).
 */
export function redactSecrets(text: string): string {
  return text.replace(KEY_PATTERN, 'sk-ant-[redacted]')
}
