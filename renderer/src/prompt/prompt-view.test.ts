import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { PromptContent } from '../../../shared/ipc'
import page from '../../prompt.html?raw'
import { renderPrompt } from './prompt-view'

const content: PromptContent = {
  title: 'Keyward — approve key request',
  heading: 'Allow claude to use prod?',
  lines: ['<img src=x onerror="alert(1)"> (pid 7) claims to be claude', 'claude asked for the key of profile "prod" in /w/app.'],
  buttons: ['Deny', 'Approve'],
  defaultId: 0,
  cancelId: 0,
  primaryId: 1,
}

describe('prompt page', () => {
  beforeEach(() => {
    document.documentElement.innerHTML = new DOMParser().parseFromString(page, 'text/html').documentElement.innerHTML
  })

  it('shows the words as text (never HTML), sets the title, focuses the default button, then says it is rendered', async () => {
    let buttonsWhenRendered = -1
    await renderPrompt(document, { content: async () => content, rendered: async () => void (buttonsWhenRendered = document.querySelectorAll('button').length), answer: vi.fn(async () => true) })
    expect(buttonsWhenRendered).toBe(2)
    expect(document.title).toBe('Keyward — approve key request')
    expect(document.getElementById('prompt-heading')!.textContent).toBe('Allow claude to use prod?')
    expect(document.querySelector('img')).toBeNull()
    expect(document.getElementById('prompt-lines')!.textContent).toContain('<img src=x')
    const buttons = [...document.querySelectorAll('button')]
    expect(buttons.map((b) => b.textContent)).toEqual(['Deny', 'Approve'])
    expect(document.activeElement).toBe(buttons[0])
    expect(buttons[1]!.className).toBe('primary')
  })

  it('sends the one button pressed, once; Escape is the cancel answer', async () => {
    const answer = vi.fn(async () => true)
    await renderPrompt(document, { content: async () => content, rendered: async () => {}, answer })
    const approve = [...document.querySelectorAll('button')][1]!
    approve.click()
    approve.click()
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }))
    expect(answer.mock.calls).toEqual([[1]])
    expect(approve.disabled).toBe(true)

    document.documentElement.innerHTML = new DOMParser().parseFromString(page, 'text/html').documentElement.innerHTML
    const cancel = vi.fn(async () => true)
    await renderPrompt(document, { content: async () => content, rendered: async () => {}, answer: cancel })
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }))
    expect(cancel.mock.calls).toEqual([[0]])
  })

  it('shows nothing when the main process does not answer this frame', async () => {
    const rendered = vi.fn(async () => {})
    await renderPrompt(document, { content: async () => null, rendered, answer: vi.fn() })
    expect(document.querySelectorAll('button')).toHaveLength(0)
    expect(rendered).not.toHaveBeenCalled()
  })
})
