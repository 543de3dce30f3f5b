import { contextBridge, ipcRenderer } from 'electron'
import { PROMPT_CHANNELS } from '../../shared/ipc'

// The prompt window's preload: three functions and nothing else, so its page can read its words
// and press a button, but reach neither ipcRenderer nor the contract's procedures.
contextBridge.exposeInMainWorld(
  'keywardPrompt',
  Object.freeze({
    content: () => ipcRenderer.invoke(PROMPT_CHANNELS.content),
    rendered: () => ipcRenderer.invoke(PROMPT_CHANNELS.rendered),
    answer: (index: number) => ipcRenderer.invoke(PROMPT_CHANNELS.answer, Number(index)),
  }),
)
