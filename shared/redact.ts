/**
 * Anything shaped like an Anthropic key (API, Admin, or a future prefix), long enough to matter.
 * A bare known prefix (`sk-ant-admin01-` and nothing after it) is left alone, so that messages
 * like "expected an Admin key (sk-ant-admin01-…)" stay readable.
 */
const KEY_PATTERN = /sk-ant-(?!(?:api03|admin01)-(?![A-Za-z0-9_-]))[A-Za-z0-9_-]{8,}/g

/**
 * Replaces every key-shaped token in `text` with a placeholder. Used on every string that
 * leaves the core by a path we do not fully control (logs of unexpected errors, child output).
 */
export function redactSecrets(text: string): string {
  return text.replace(KEY_PATTERN, 'sk-ant-[redacted]')
}
