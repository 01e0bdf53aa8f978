/**
 * Reconnecting with jitter. y-websocket retries a dropped connection after min(2^n·100 ms, 2.5 s)
 * with no randomness, so when a server restarts, every client it had comes back in the same few
 * instants, and again at the same instants after each refused attempt. Here each retry waits a
 * random time in [0, min(cap, base·2^attempt)] ("full jitter"): the clients spread over the whole
 * window, while the window, and so the expected wait, still grows with the failed attempts.
 */
import type { WebsocketProvider } from 'y-websocket'

/** Options of the backoff: its first window, its largest window, and the source of randomness. */
export interface BackoffOptions {
  /** The window of the first retry after a connection that had synced, in ms (default 250). */
  baseMs?: number
  /** The largest window, in ms (default 5000). */
  capMs?: number
  /** A uniform random number in [0, 1) (default Math.random; tests pass a seeded one). */
  random?: () => number
}

const defaultBaseMs = 250
const defaultCapMs = 5000

/** The longest wait before retry `attempt` (0 for the first): min(cap, base·2^attempt). */
export function backoffCeiling(attempt: number, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? defaultBaseMs
  const cap = options.capMs ?? defaultCapMs
  // 2^attempt overflows to Infinity long after it passes any cap; min keeps it finite.
  return Math.min(cap, base * 2 ** Math.max(0, attempt))
}

/** The wait before retry `attempt`: uniformly random in [0, backoffCeiling(attempt)]. */
export function reconnectDelay(attempt: number, options: BackoffOptions = {}): number {
  const random = options.random ?? Math.random
  return Math.round(random() * backoffCeiling(attempt, options))
}

/**
 * Makes `provider` wait `reconnectDelay` before each retry instead of y-websocket's own backoff.
 * Permanent closes (those its `shouldReconnect` refuses) and closes asked for with `disconnect()`
 * or `destroy()` are left to y-websocket, which does not come back from them; a pending retry is
 * cancelled by `disconnect()` and `destroy()`.
 */
export function reconnectWithJitter(
  provider: WebsocketProvider,
  options: BackoffOptions = {},
): void {
  let timer: ReturnType<typeof setTimeout> | null = null
  const cancel = (): void => {
    if (timer !== null) clearTimeout(timer)
    timer = null
  }
  // Emitted before y-websocket counts the attempt and schedules its own retry.
  const onClose = (event: CloseEvent | null): void => {
    if (!provider.shouldConnect) return
    if (event !== null && !provider.shouldReconnect(event, provider)) return
    // y-websocket's retry only connects while shouldConnect holds; ours sets it again.
    provider.shouldConnect = false
    cancel()
    const delay = reconnectDelay(provider.wsUnsuccessfulReconnects, options)
    timer = setTimeout(() => {
      timer = null
      provider.connect()
    }, delay)
  }
  // disconnect() (going offline, destroy()) must also drop a retry still waiting; y-websocket
  // has no event for it, so the instance's own method is wrapped.
  const stockDisconnect = provider.disconnect
  provider.disconnect = () => {
    cancel()
    stockDisconnect.call(provider)
  }
  provider.on('connection-close', onClose)
}
