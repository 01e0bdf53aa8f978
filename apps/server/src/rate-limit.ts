/**
 * Per-token write budgets, so one token cannot monopolise the server: token buckets keyed by
 * reader (their session, else the share), an HTTP middleware that answers writes beyond the
 * budget with 429 and Retry-After, and a websocket throttle that pauses a socket (its frames
 * wait in TCP, none is dropped) until its token's bucket has refilled.
 */
import type { MiddlewareHandler } from 'hono'
import type { WebSocket } from 'ws'
import type { AppEnv } from './auth'
import { answerWith } from './errors'
import { identityOf } from './tokens'

/** A budget: `burst` writes at once, refilled at `perSecond`; a `perSecond` of 0 means no limit. */
export interface RateOptions {
  burst: number
  perSecond: number
}

interface Bucket {
  level: number
  at: number
}

// Buckets that have refilled carry no information; they are swept once this many exist.
const sweepAbove = 10_000

/** Token buckets by key (a reader's identity: session, else share). */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>()

  constructor(
    readonly options: RateOptions,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Whether the budget is unlimited. */
  get unlimited(): boolean {
    return this.options.perSecond <= 0
  }

  /** Takes `cost` from `key`'s bucket if it holds that much: 0, else the ms until it will. */
  take(key: string, cost = 1): number {
    if (this.unlimited) return 0
    const bucket = this.refill(key)
    if (bucket.level >= cost) {
      bucket.level -= cost
      return 0
    }
    return Math.ceil(((cost - bucket.level) / this.options.perSecond) * 1000)
  }

  /** Takes `cost` even into debt; the ms until the bucket is out of debt (0 when it is not). */
  charge(key: string, cost: number): number {
    if (this.unlimited) return 0
    const bucket = this.refill(key)
    bucket.level -= cost
    return bucket.level >= 0 ? 0 : Math.ceil((-bucket.level / this.options.perSecond) * 1000)
  }

  private refill(key: string): Bucket {
    const now = this.now()
    let bucket = this.buckets.get(key)
    if (!bucket) {
      if (this.buckets.size >= sweepAbove) this.sweep(now)
      bucket = { level: this.options.burst, at: now }
      this.buckets.set(key, bucket)
    }
    const refilled = bucket.level + ((now - bucket.at) / 1000) * this.options.perSecond
    bucket.level = Math.min(this.options.burst, refilled)
    bucket.at = now
    return bucket
  }

  private sweep(now: number): void {
    const { burst, perSecond } = this.options
    for (const [key, bucket] of this.buckets) {
      if (bucket.level + ((now - bucket.at) / 1000) * perSecond >= burst) this.buckets.delete(key)
    }
  }
}

const writeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** Answers writes under /api beyond the token's budget with 429 and Retry-After (after authenticate). */
export function rateLimitWrites(buckets: TokenBuckets): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (buckets.unlimited || !writeMethods.has(c.req.method)) return next()
    const path = c.req.path.replace(/\/{2,}/g, '/')
    const access = c.get('access')
    if (!path.startsWith('/api/') || !access) return next()
    const waitMs = buckets.take(identityOf(access))
    if (waitMs === 0) return next()
    const seconds = Math.max(1, Math.ceil(waitMs / 1000))
    c.header('Retry-After', String(seconds))
    return answerWith(c, 429, `too many writes with this token; try again in ${seconds} s`)
  }
}

/**
 * How a websocket's messages are charged: a document update costs one write plus one per
 * `bytesPerWrite` of it, and any message costs one write per `msPerWrite` the server spent on it
 * (so a token whose updates are slow to apply gets fewer of them).
 */
export interface ThrottleOptions {
  bytesPerWrite: number
  msPerWrite: number
}

const defaultThrottle: ThrottleOptions = { bytesPerWrite: 64 * 1024, msPerWrite: 5 }

/**
 * Charges what a socket sends to its token's bucket (see ThrottleOptions) and pauses the socket
 * while the bucket is in debt. Call after the room has joined the socket, so the time of the
 * room's handling can be measured.
 */
export function throttleSocket(
  ws: WebSocket,
  buckets: TokenBuckets,
  key: string,
  options: ThrottleOptions = defaultThrottle,
): void {
  if (buckets.unlimited) return
  let started = 0
  let timer: NodeJS.Timeout | null = null
  ws.prependListener('message', () => {
    started = cpuMs()
  })
  ws.on('message', (data) => {
    const spent = cpuMs() - started
    const cost = updateCost(data, options.bytesPerWrite) + spent / options.msPerWrite
    const waitMs = buckets.charge(key, cost)
    if (waitMs === 0 || timer) return
    holdSocket(ws)
    const wake = (ms: number) => {
      timer = setTimeout(() => {
        const more = buckets.charge(key, 0)
        if (more > 0) return wake(more)
        timer = null
        releaseSocket(ws)
      }, ms)
    }
    wake(waitMs)
  })
  ws.once('close', () => {
    if (timer) clearTimeout(timer)
  })
}

/**
 * The process's CPU time in ms. A message is charged the CPU it took, not the wall time: on a
 * busy machine the server is descheduled mid-message, which is not the sender's doing, and
 * charging it paused every socket at once. (The figure counts the process's other threads too,
 * so a message handled while an import runs costs at most twice what it took.)
 */
function cpuMs(): number {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}

/** What a frame costs as a document update (a sync step 2 or update); 0 for other frames. */
function updateCost(data: WebSocket.RawData, bytesPerWrite: number): number {
  const chunks = Array.isArray(data)
    ? data
    : [data instanceof ArrayBuffer ? new Uint8Array(data) : data]
  const head = chunks[0]
  if (head === undefined || head[0] !== 0 || (head[1] !== 1 && head[1] !== 2)) return 0
  let bytes = 0
  for (const chunk of chunks) bytes += chunk.byteLength
  return 1 + bytes / bytesPerWrite
}

const holds = new WeakMap<WebSocket, number>()

/** Stops reading a socket until every hold on it is released (frames already read still arrive). */
export function holdSocket(ws: WebSocket): void {
  const count = holds.get(ws) ?? 0
  holds.set(ws, count + 1)
  if (count === 0) ws.pause()
}

/** Releases one hold on a socket, reading it again when none is left. */
export function releaseSocket(ws: WebSocket): void {
  const count = holds.get(ws) ?? 0
  if (count > 1) {
    holds.set(ws, count - 1)
    return
  }
  holds.delete(ws)
  ws.resume()
}
