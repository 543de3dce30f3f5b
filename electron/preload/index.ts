import { contextBridge, ipcRenderer } from 'electron'
import { procedureNames } from '../../shared/contract'
import { RPC_CHANNEL } from '../../shared/ipc'
import { buildBridge } from './bridge'

contextBridge.exposeInMainWorld(
  'keyward',
  buildBridge(procedureNames, (name, input) => ipcRenderer.invoke(RPC_CHANNEL, name, input)),
)
