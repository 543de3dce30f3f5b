import { mkdtemp } from 'node:fs/promises'
import { type Server, createConnection, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { PROMPT_CHANNELS, type PromptContent } from '../../shared/ipc'
import { createApprovalBroker } from '../core/alerts/notify/approver'
import { APPROVAL_WINDOW_TITLE, presentApproval } from './approval-prompt'
import { createFakeNotifications, hardenedWebPreferences } from './main.test-support'

/**
 * Electron 45's BrowserWindow and dialog, as far as the prompt window relies on them:
 * - `webContents.ipc` is an IpcMain scoped to that one web contents; `webContents.mainFrame` is
 *   one WebFrameMain object per frame (an iframe or another window has another);
 * - `destroy()` closes at once and emits `closed` (not `close`); afterwards every method but
 *   `isDestroyed()` throws "Object has been destroyed";
 * - `dialog.showMessageBox` without a parent window is a synchronous app-modal on macOS that
 *   ignores its `signal`: the fake refuses it, so no code path may use it.
 */
const h = vi.hoisted(() => {
  type Handler = (event: { senderFrame: unknown }, ...args: unknown[]) => unknown
  const windows: FakeWindow[] = []
  class FakeWindow {
    destroyed = false
    shown = false
    focused = false
    loaded: string | null = null
    listeners: Record<string, Array<(...a: unknown[]) => void>> = {}
    ipcHandlers = new Map<string, Handler>()
    openHandler: (() => unknown) | null = null
    contentsListeners: Record<string, (...a: unknown[]) => void> = {}
    readonly webContents: unknown
    readonly mainFrame = { url: 'about:blank', detached: false }
    constructor(readonly options: Record<string, unknown>) {
      windows.push(this)
      const live = () => {
        if (this.destroyed) throw new TypeError('Object has been destroyed')
      }
      this.webContents = {
        mainFrame: this.mainFrame,
        ipc: { handle: (channel: string, fn: Handler) => (live(), this.ipcHandlers.set(channel, fn)) },
        setWindowOpenHandler: (fn: () => unknown) => (live(), (this.openHandler = fn)),
        on: (event: string, fn: (...a: unknown[]) => void) => (live(), (this.contentsListeners[event] = fn)),
      }
      for (const name of ['show', 'focus', 'removeMenu', 'loadURL', 'on', 'once'] as const) {
        const method = this[name].bind(this) as (...a: unknown[]) => unknown
        ;(this as Record<string, unknown>)[name] = (...a: unknown[]) => (live(), method(...a))
      }
    }
    on(event: string, fn: (...a: unknown[]) => void) {
      ;(this.listeners[event] ??= []).push(fn)
    }
    once(event: string, fn: (...a: unknown[]) => void) {
      const wrapped = (...a: unknown[]) => {
        this.listeners[event] = this.listeners[event]!.filter((f) => f !== wrapped)
        fn(...a)
      }
      this.on(event, wrapped)
    }
    emit(event: string, ...a: unknown[]) {
      for (const fn of [...(this.listeners[event] ?? [])]) fn(...a)
    }
    show() {
      this.shown = true
    }
    focus() {
      this.focused = true
    }
    removeMenu() {}
    loadURL(url: string) {
      this.loaded = url
      this.mainFrame.url = url
      return Promise.resolve()
    }
    isDestroyed() {
      return this.destroyed
    }
    isVisible() {
      if (this.destroyed) throw new TypeError('Object has been destroyed')
      return this.shown
    }
    destroy() {
      if (this.destroyed) throw new TypeError('Object has been destroyed')
      this.destroyed = true
      this.emit('closed')
    }
    /** What the page's preload does: ipcRenderer.invoke(channel, …args) from `frame`. */
    invoke(channel: string, frame: unknown, ...args: unknown[]) {
      return this.ipcHandlers.get(channel)!({ senderFrame: frame }, ...args)
    }
  }
  return { windows, FakeWindow, showMessageBox: vi.fn() }
})

vi.mock('electron', () => ({
  BrowserWindow: h.FakeWindow,
  dialog: {
    showMessageBox: (...args: unknown[]) => {
      h.showMessageBox(...args)
      if (!(args[0] instanceof h.FakeWindow)) throw new Error('a parentless showMessageBox is a synchronous app-modal on macOS (and ignores its signal)')
      return new Promise(() => {})
    },
  },
}))

const { askInPromptWindow, openPromptWindow, showPromptMessage } = await import('./prompt-window.main')

const paths = { promptUrl: 'file:///opt/Keyward/resources/app.asar/out/renderer/prompt.html', promptPreloadPath: '/opt/Keyward/resources/app.asar/out/preload/prompt.cjs', isDev: false }
const question: PromptContent = { title: 'Keyward', heading: 'Sure?', lines: ['one', 'two'], buttons: ['No', 'Yes'], defaultId: 0, cancelId: 0, primaryId: 1 }
const request = { profile: 'prod', directory: '/w/app', tool: 'claude', executable: '/usr/bin/python3', pid: 4242 }

/** The broker's timer, fired by hand: no real time passes in these tests. */
function manualTimers() {
  const timers: Array<{ fn: () => void; cleared: boolean }> = []
  return {
    setTimer: (fn: () => void) => (timers.push({ fn, cleared: false }), timers.length - 1),
    clearTimer: (i: unknown) => (timers[i as number]!.cleared = true),
    fireAll: () => timers.filter((t) => !t.cleared).forEach((t) => t.fn()),
  }
}

describe('prompt window', () => {
  beforeEach(() => {
    h.windows.length = 0
    h.showMessageBox.mockClear()
  })

  it('is hardened like the dashboard: every web preference written out, its own preload, hidden until ready', () => {
    openPromptWindow(paths, question, vi.fn())
    const win = h.windows[0]!
    expect(win.options).toMatchObject({ show: false, title: 'Keyward', alwaysOnTop: true })
    expect(win.options.webPreferences).toEqual(hardenedWebPreferences(paths.promptPreloadPath, false))
    expect(win.loaded).toBe(paths.promptUrl)
    expect(win.openHandler!()).toEqual({ action: 'deny' })
    const nav = { preventDefault: vi.fn() }
    win.contentsListeners['will-navigate']!(nav)
    expect(nav.preventDefault).toHaveBeenCalled()
    const title = { preventDefault: vi.fn() }
    win.emit('page-title-updated', title, 'Keyward', true)
    expect(title.preventDefault).toHaveBeenCalled()
    // It appears once its page is filled in (ready-to-show can come before the words arrive), and
    // only at its own top frame's word.
    win.emit('ready-to-show')
    expect(win.shown).toBe(false)
    win.invoke(PROMPT_CHANNELS.rendered, { url: paths.promptUrl, detached: false })
    expect(win.shown).toBe(false)
    win.invoke(PROMPT_CHANNELS.rendered, win.mainFrame)
    expect(win).toMatchObject({ shown: true, focused: true })
  })

  it('a page that fails to load is the cancel answer (nothing there could be answered)', () => {
    const onAnswer = vi.fn()
    openPromptWindow(paths, { ...question, cancelId: 1 }, onAnswer)
    const win = h.windows[0]!
    win.contentsListeners['did-fail-load']!({}, -3, 'ERR_ABORTED', paths.promptUrl, true)
    win.contentsListeners['did-fail-load']!({}, -6, 'ERR_FILE_NOT_FOUND', 'file:///x/sub.html', false)
    expect(onAnswer).not.toHaveBeenCalled()
    win.contentsListeners['did-fail-load']!({}, -6, 'ERR_FILE_NOT_FOUND', paths.promptUrl, true)
    expect(onAnswer).toHaveBeenCalledWith(1)
    expect(win.destroyed).toBe(true)
  })

  it('gives its words and takes an answer only from its own top frame, once, and is destroyed after', async () => {
    const onAnswer = vi.fn()
    openPromptWindow(paths, question, onAnswer)
    const win = h.windows[0]!
    const iframe = { url: paths.promptUrl, detached: false }
    expect(await win.invoke(PROMPT_CHANNELS.content, win.mainFrame)).toEqual(question)
    expect(await win.invoke(PROMPT_CHANNELS.content, iframe)).toBeNull()
    expect(await win.invoke(PROMPT_CHANNELS.content, null)).toBeNull()
    expect(await win.invoke(PROMPT_CHANNELS.answer, iframe, 1)).toBe(false)
    for (const bad of [2, -1, 0.5, '1', null]) expect(await win.invoke(PROMPT_CHANNELS.answer, win.mainFrame, bad)).toBe(false)
    win.mainFrame.url = 'https://evil.example/'
    expect(await win.invoke(PROMPT_CHANNELS.answer, win.mainFrame, 1)).toBe(false)
    win.mainFrame.url = paths.promptUrl
    expect(onAnswer).not.toHaveBeenCalled()
    expect(win.destroyed).toBe(false)
    expect(await win.invoke(PROMPT_CHANNELS.answer, win.mainFrame, 1)).toBe(true)
    expect(onAnswer).toHaveBeenCalledWith(1)
    expect(win.destroyed).toBe(true)
    expect(await win.invoke(PROMPT_CHANNELS.answer, win.mainFrame, 0)).toBe(false)
    expect(onAnswer).toHaveBeenCalledTimes(1)
  })

  it('closing the window is the cancel answer; close() takes it away unanswered', async () => {
    const closedByPerson = vi.fn()
    openPromptWindow(paths, { ...question, cancelId: 1 }, closedByPerson)
    h.windows[0]!.destroy()
    expect(closedByPerson).toHaveBeenCalledWith(1)
    const dismissed = vi.fn()
    const prompt = openPromptWindow(paths, question, dismissed)
    prompt.close()
    prompt.close()
    expect(h.windows[1]!.destroyed).toBe(true)
    expect(dismissed).not.toHaveBeenCalled()
    expect(askInPromptWindow(paths, question)).toBeInstanceOf(Promise)
    h.windows[2]!.invoke(PROMPT_CHANNELS.answer, h.windows[2]!.mainFrame, 1)
    showPromptMessage(paths, 'Done', ['It worked.'])
    expect(await h.windows[3]!.invoke(PROMPT_CHANNELS.content, h.windows[3]!.mainFrame)).toMatchObject({ title: 'Keyward — message', heading: 'Done', lines: ['It worked.'], buttons: ['OK'] })
    expect(h.windows[3]!.options.title).toBe('Keyward — message')
  })
})

describe('approval in the prompt window, never a parentless dialog (on macOS one freezes the main process)', () => {
  let server: Server | null = null
  beforeEach(() => {
    h.windows.length = 0
    h.showMessageBox.mockClear()
  })
  afterEach(() => server?.close())

  const broker = (platform: NodeJS.Platform, timers = manualTimers(), notifications = createFakeNotifications()) => ({
    timers,
    notifications,
    broker: createApprovalBroker({
      present: presentApproval({ platform, isSupported: () => true, create: notifications.create, openPrompt: (content, onAnswer) => openPromptWindow(paths, content, onAnswer) }),
      setTimer: timers.setTimer,
      clearTimer: timers.clearTimer,
    }),
  })

  it('presenting returns at once, and the process keeps answering key requests on its socket meanwhile', async () => {
    const { broker: b } = broker('darwin')
    let settled = false
    const decision = b.request(request).then((d) => ((settled = true), d))
    // The prompt is up and nothing waited for it: no modal, no parentless dialog.
    expect(h.windows).toHaveLength(1)
    expect(b.pending()).toBe(1)
    expect(h.showMessageBox).not.toHaveBeenCalled()
    // A concurrent key request over a real socket, served while the person has not answered.
    const path = join(await mkdtemp(join(tmpdir(), 'keyward-prompt-')), 's')
    server = createServer((c) => c.end('sk-served-meanwhile'))
    await new Promise<void>((r) => server!.listen(path, r))
    const reply = await new Promise<string>((resolve, reject) => {
      let text = ''
      createConnection(path)
        .on('data', (d) => (text += d))
        .on('end', () => resolve(text))
        .on('error', reject)
    })
    expect(reply).toBe('sk-served-meanwhile')
    // A request for another profile meanwhile gets its own window and is answered first (one prompt per profile).
    const other = b.request({ ...request, profile: 'staging' })
    const second = h.windows[1]!
    await second.invoke(PROMPT_CHANNELS.answer, second.mainFrame, 1)
    expect(await other).toBe('approved')
    expect(settled).toBe(false)
    const first = h.windows[0]!
    await first.invoke(PROMPT_CHANNELS.answer, first.mainFrame, 0)
    expect(await decision).toBe('denied')
  })

  it('the window is titled for the e2e tests and shows who really asked beside the claim', async () => {
    const { broker: b } = broker('linux')
    void b.request(request)
    const win = h.windows[0]!
    expect(win.options.title).toBe(APPROVAL_WINDOW_TITLE)
    expect(APPROVAL_WINDOW_TITLE).toBe('Keyward — approve key request')
    expect(await win.invoke(PROMPT_CHANNELS.content, win.mainFrame)).toMatchObject({
      heading: 'Allow python3 to use prod?',
      lines: [expect.stringMatching(/^A process asked for the key of profile "prod"\./), 'Process: /usr/bin/python3 (pid 4242)', 'Tool: claude (claimed)', 'Directory: /w/app'],
      buttons: ['Deny', 'Approve'],
      defaultId: 0,
      cancelId: 0,
    })
  })

  it('the timeout closes the window (and the macOS notification); a late click changes nothing', async () => {
    const { broker: b, timers, notifications } = broker('darwin')
    const decision = b.request(request)
    const win = h.windows[0]!
    timers.fireAll()
    expect(await decision).toBe('timeout')
    expect(win.destroyed).toBe(true)
    expect(notifications.shown[0]!.closed).toBe(true)
    expect(await win.invoke(PROMPT_CHANNELS.answer, win.mainFrame, 1)).toBe(false)
    notifications.shown[0]!.emit('action', {}, 0)
    expect(await decision).toBe('timeout')
  })

  it('the first answer wins: the macOS notification’s Approve closes the window; the window’s answer closes the notification', async () => {
    const one = broker('darwin')
    const approved = one.broker.request(request)
    one.notifications.shown[0]!.emit('action', {}, 0)
    expect(await approved).toBe('approved')
    expect(h.windows[0]!.destroyed).toBe(true)
    expect(one.notifications.shown[0]!.closed).toBe(true)

    const two = broker('darwin')
    const denied = two.broker.request({ ...request, directory: '/w/two' })
    const win = h.windows[1]!
    await win.invoke(PROMPT_CHANNELS.answer, win.mainFrame, 0)
    expect(await denied).toBe('denied')
    expect(two.notifications.shown[0]!.closed).toBe(true)
    expect(win.destroyed).toBe(true)
  })

  it('closing the window denies; a notification that failed to show leaves the window to answer', async () => {
    const { broker: b, notifications } = broker('darwin')
    const decision = b.request(request)
    notifications.shown[0]!.emit('failed', {}, 'unsigned')
    expect(h.windows[0]!.destroyed).toBe(false)
    h.windows[0]!.destroy()
    expect(await decision).toBe('denied')
  })

  it('Windows and Linux: the window alone (notification actions are macOS-only in Electron)', () => {
    for (const platform of ['win32', 'linux'] as const) {
      const { broker: b, notifications } = broker(platform)
      void b.request({ ...request, directory: `/w/${platform}` })
      expect(notifications.shown).toHaveLength(0)
    }
    expect(h.windows).toHaveLength(2)
  })
})
