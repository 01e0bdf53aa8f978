/**
 * Which server instances are alive: each renews a key of its own with a time to live, and the
 * others, having heard from it, notice when that key expires (the instance died without a clean
 * shutdown) so that its awareness clients can be removed.
 */
import type { Redis } from 'ioredis'

/** Options of the liveness tracker. */
export interface InstanceLivenessOptions {
  /** The connection for commands (not the blocking reader). */
  redis: Redis
  /** Key prefix, e.g. `warrant:`. */
  prefix: string
  /** This instance's id. */
  instance: string
  /** How long a key lives without renewal, in ms. */
  ttlMs: number
  /** Logs a failure, once per outage. */
  report: (what: string, error: unknown) => void
}

/** Renews this instance's key and watches the keys of the instances heard from. */
export class InstanceLiveness {
  private readonly seen = new Set<string>()
  private readonly listeners = new Set<(instance: string) => void>()
  private readonly timers: NodeJS.Timeout[] = []
  /** Until then, a missing key proves nothing (Redis came back empty; others renew soon). */
  private graceUntil = 0

  constructor(private readonly options: InstanceLivenessOptions) {}

  /** This instance's key. */
  private key(instance: string): string {
    return `${this.options.prefix}instance:${instance}`
  }

  /** Sets the key now, then keeps renewing it and checking the others. */
  async start(): Promise<void> {
    await this.renew()
    const { ttlMs } = this.options
    const renewal = setInterval(() => {
      this.renew().catch((error) => this.options.report('renewing the liveness key', error))
    }, ttlMs / 3)
    const check = setInterval(() => {
      this.check().catch((error) => this.options.report('checking instance liveness', error))
    }, ttlMs / 5)
    for (const timer of [renewal, check]) {
      timer.unref()
      this.timers.push(timer)
    }
  }

  /** Renews at once and holds off judging others for one time to live (after a reconnect). */
  reconnected(): void {
    this.graceUntil = Date.now() + this.options.ttlMs
    this.renew().catch((error) => this.options.report('renewing the liveness key', error))
  }

  /** Notes that a message came from `instance`. */
  heard(instance: string): void {
    this.seen.add(instance)
  }

  /** Calls `fn` with each instance found dead; returns an unsubscribe. */
  onGone(fn: (instance: string) => void): () => void {
    this.listeners.add(fn)
    return () => this.listeners.delete(fn)
  }

  /** Stops the timers and deletes this instance's key. */
  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer)
    this.timers.length = 0
    await this.options.redis.del(this.key(this.options.instance))
  }

  private async renew(): Promise<void> {
    const { redis, instance, ttlMs } = this.options
    await redis.set(this.key(instance), String(process.pid), 'PX', ttlMs)
  }

  private async check(): Promise<void> {
    if (this.seen.size === 0 || Date.now() < this.graceUntil) return
    const instances = [...this.seen]
    const pipeline = this.options.redis.pipeline()
    for (const instance of instances) pipeline.exists(this.key(instance))
    const replies = (await pipeline.exec()) ?? []
    if (Date.now() < this.graceUntil) return
    instances.forEach((instance, i) => {
      const [error, exists] = replies[i] ?? [new Error('no reply'), null]
      if (error) throw error
      if (exists !== 0 || !this.seen.delete(instance)) return
      for (const listener of [...this.listeners]) {
        try {
          listener(instance)
        } catch (failure) {
          console.error(`A listener failed on instance ${instance} gone`, failure)
        }
      }
    })
  }
}
