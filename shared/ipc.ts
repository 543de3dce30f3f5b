/** The one IPC channel the contract travels on: `invoke(channel, name, input)` → Result. */
export const RPC_CHANNEL = 'keyward:rpc'
