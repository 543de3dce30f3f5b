/**
 * Shares one in-flight call per key: callers that arrive while a call for the same key is running
 * get its result instead of starting another. Nothing is kept once it settles, so a caller never
 * sees a result from before it arrived, only from a call that was already running, as if it had
 * arrived a moment earlier. The socket server uses it for the per-request stat of config.json and
 * realpath of the cwd, which otherwise cost a thread-pool round trip each, per request.
 */
export function singleFlight<V>(run: (key: string) => Promise<V>): (key: string) => Promise<V> {
  const inFlight = new Map<string, Promise<V>>()
  return (key) => {
    const running = inFlight.get(key)
    if (running) return running
    const started = run(key)
    inFlight.set(key, started)
    const clear = () => inFlight.delete(key)
    started.then(clear, clear)
    return started
  }
}
