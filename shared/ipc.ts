/** The one IPC channel the contract travels on: `invoke(channel, name, input)` → Result. */
export const RPC_CHANNEL = 'keyward:rpc'

/**
 * The prompt window's channels (electron/preload/prompt.ts → electron/main/prompt-window.main.ts),
 * answered only for that window's own top frame: what to show, "shown" (the words and buttons are
 * on the page, so the window may appear), and which button was pressed.
 */
export const PROMPT_CHANNELS = { content: 'keyward:prompt:content', rendered: 'keyward:prompt:rendered', answer: 'keyward:prompt:answer' } as const

/** What a prompt window shows: its title, a heading, lines of plain text, and buttons. */
export interface PromptContent {
  readonly title: string
  readonly heading: string
  readonly lines: readonly string[]
  readonly buttons: readonly string[]
  /** The button that has focus (Enter presses it). */
  readonly defaultId: number
  /** The answer when the person presses Escape or closes the window. */
  readonly cancelId: number
  /** Which button looks primary, if any (Approve is not the default, but is the one to find). */
  readonly primaryId?: number
}
