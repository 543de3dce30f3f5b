import type { PromptContent } from '../../../shared/ipc'

/** What the prompt window's preload exposes as `window.keywardPrompt` (electron/preload/prompt.ts). */
export interface PromptBridge {
  content(): Promise<PromptContent | null>
  /** Tells the main process the page is filled in, so the window appears with its buttons. */
  rendered(): Promise<void>
  answer(index: number): Promise<boolean>
}

/**
 * Fills the prompt page from the main process's words (as text, never as HTML: the lines hold a
 * caller's claims), says when it is filled in, and sends back the one button pressed; Escape is
 * the cancel answer.
 */
export async function renderPrompt(doc: Document, bridge: PromptBridge): Promise<void> {
  const content = await bridge.content()
  if (!content) return
  doc.title = content.title
  doc.getElementById('prompt-heading')!.textContent = content.heading
  const lines = doc.getElementById('prompt-lines')!
  for (const line of content.lines) {
    const p = doc.createElement('p')
    p.textContent = line
    lines.append(p)
  }
  const row = doc.getElementById('prompt-buttons')!
  let answered = false
  const answer = (index: number) => {
    if (answered) return
    answered = true
    for (const b of row.querySelectorAll('button')) b.disabled = true
    void bridge.answer(index)
  }
  const buttons = content.buttons.map((label, index) => {
    const button = doc.createElement('button')
    button.type = 'button'
    button.textContent = label
    if (index === content.primaryId) button.className = 'primary'
    button.addEventListener('click', () => answer(index))
    row.append(button)
    return button
  })
  doc.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') answer(content.cancelId)
  })
  buttons[content.defaultId]?.focus()
  await bridge.rendered()
}
