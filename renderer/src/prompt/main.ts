import '../styles.css'
import './prompt.css'
import { type PromptBridge, renderPrompt } from './prompt-view'

// The prompt window's entry (renderer/prompt.html); its preload is electron/preload/prompt.ts.
const bridge = (window as unknown as { keywardPrompt?: PromptBridge }).keywardPrompt
if (bridge) void renderPrompt(document, bridge)
