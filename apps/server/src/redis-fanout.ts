/**
 * Fan-out between instances over Redis streams, one per room: a stream keeps its entries, so an
 * instance can resume from an id after a reconnect or a load, where pub/sub would drop them.
 * Two connections: one only blocks in `XREAD` (`RoomStreamReader`), the other publishes, takes
 * positions and keeps this instance's liveness key (`InstanceLiveness`). Neither queues commands
 * while Redis is away, so a publish then fails within a bounded time instead of piling up.
 */
import { randomUUID } from 'node:crypto'
import { Redis } from 'ioredis'
import type { Fanout, FanoutHandlers, FanoutKind, RoomFeed } from './fanout'
import { entryFields, parseEdges, streamEdgesScript } from './fanout-entry'
import { InstanceLiveness } from './instance-liveness'
import { RoomStreamReader } from './room-stream-reader'

/** Options of the Redis fan-out. */
export interface RedisFanoutOptions {
  /** A `redis://` URL. */
  url: string
  /** Prefix of every key; default `warrant:`. */
  prefix?: string
  /** Entries a room's stream keeps, roughly (`MAXLEN ~`); default 10,000. */
  maxLength?: number
  /** How long an instance's liveness key outlives its last renewal, in ms; default 10,000. */
  livenessTtlMs?: number
  /** How long a command (a publish) may wait for Redis before it fails, in ms; default 5,000. */
  commandTimeoutMs?: number
}

/** `Fanout` over one Redis server. */
export class RedisFanout implements Fanout {
  readonly instance = randomUUID()
  private readonly outages = new Set<string>()
  private readonly liveness: InstanceLiveness
  private readonly reader: RoomStreamReader
  private closed = false
  private closing: Promise<void> | null = null

  private constructor(
    private readonly command: Redis,
    reader: Redis,
    private readonly prefix: string,
    private readonly maxLength: number,
    livenessTtlMs: number,
  ) {
    const report = (what: string, error: unknown) => this.report(what, error)
    this.liveness = new InstanceLiveness({
      redis: command,
      prefix,
      instance: this.instance,
      ttlMs: livenessTtlMs,
      report,
    })
    let commandDropped = false
    command.on('error', (error) => report('the command connection', error))
    command.on('close', () => {
      commandDropped = true
    })
    command.on('ready', () => {
      this.recovered('the command connection')
      if (commandDropped) this.liveness.reconnected()
      commandDropped = false
    })
    reader.on('error', (error) => report('the reading connection', error))
    reader.on('ready', () => this.recovered('the reading connection'))
    this.reader = new RoomStreamReader({
      reader,
      command,
      prefix,
      instance: this.instance,
      maxLength,
      heard: (instance) => this.liveness.heard(instance),
      report,
    })
  }

  /** Connects to Redis, sets this instance's liveness key and starts reading. */
  static async open(options: RedisFanoutOptions): Promise<RedisFanout> {
    const prefix = options.prefix ?? 'warrant:'
    const maxLength = options.maxLength ?? 10_000
    const livenessTtlMs = options.livenessTtlMs ?? 10_000
    const commandTimeout = options.commandTimeoutMs ?? 5000
    if (!Number.isInteger(maxLength) || maxLength < 1) {
      throw new Error(`maxLength must be a positive whole number, not ${maxLength}`)
    }
    for (const [name, value] of [
      ['livenessTtlMs', livenessTtlMs],
      ['commandTimeoutMs', commandTimeout],
    ] as const) {
      if (!Number.isFinite(value) || value < 50)
        throw new Error(`${name} must be at least 50 ms, not ${value}`)
    }
    // No offline queue: a command while Redis is away fails at once instead of piling up.
    const common = { lazyConnect: true, enableOfflineQueue: false }
    const command = new Redis(options.url, { ...common, commandTimeout })
    // A read cut by a disconnect must not be sent again with stale ids; the loop abandons it.
    const reader = new Redis(options.url, { ...common, autoResendUnfulfilledCommands: false })
    const fanout = new RedisFanout(command, reader, prefix, maxLength, livenessTtlMs)
    let refusal: Error | undefined
    command.once('error', (error) => {
      refusal = error
    })
    try {
      await Promise.all([command.connect(), reader.connect()])
      await fanout.liveness.start()
    } catch (error) {
      command.disconnect()
      reader.disconnect()
      const cause = refusal ?? error
      const reason = cause instanceof Error ? cause.message : String(cause)
      throw new Error(`could not open the fan-out at ${hostOf(options.url)}: ${reason}`)
    }
    fanout.outages.clear()
    fanout.reader.start()
    return fanout
  }

  /** The stream key of a room. */
  private key(room: string): string {
    return `${this.prefix}room:${room}`
  }

  /** The room stream's last id now, '0-0' when it has none. */
  async position(room: string): Promise<string> {
    const edges = parseEdges(await this.command.eval(streamEdgesScript, 1, this.key(room)))
    return edges.last ?? '0-0'
  }

  /**
   * Adds the entries in one pipelined round trip. While Redis is unreachable it rejects at once
   * (or after `commandTimeoutMs` for a command cut off in flight); nothing is queued.
   */
  async publish(room: string, kind: FanoutKind, data: readonly Uint8Array[]): Promise<void> {
    if (this.closed) throw new Error('the fan-out is closed')
    if (data.length === 0) return
    const pipeline = this.command.pipeline()
    for (const bytes of data) {
      pipeline.xadd(
        this.key(room),
        'MAXLEN',
        '~',
        this.maxLength,
        '*',
        ...entryFields(kind, this.instance, bytes),
      )
    }
    const replies = (await pipeline.exec()) ?? []
    const failure = replies.find(([error]) => error)?.[0]
    if (failure) throw failure
    if (replies.length !== data.length) throw new Error('Redis did not answer every XADD')
  }

  /** Follows the room's stream from after `position`. */
  follow(room: string, position: string, handlers: FanoutHandlers): RoomFeed {
    return this.reader.follow(room, position, handlers)
  }

  /** Calls `fn` with each instance heard from whose liveness key then expired. */
  onInstanceGone(fn: (instance: string) => void): () => void {
    return this.liveness.onGone(fn)
  }

  /** Stops reading, removes this instance's liveness key, closes both connections. */
  close(): Promise<void> {
    this.closing ??= this.shutDown()
    return this.closing
  }

  private async shutDown(): Promise<void> {
    this.closed = true
    await this.liveness.stop().catch((error) => this.report('deleting the liveness key', error))
    await this.reader.stop()
    await this.command.quit().catch(() => this.command.disconnect())
  }

  /** Logs a failure once per outage of what failed (connection errors repeat on each retry). */
  private report(source: string, error: unknown): void {
    if (this.outages.has(source)) return
    this.outages.add(source)
    const reason = error instanceof Error ? error.message : String(error)
    console.error(`Redis fan-out: ${source} failed: ${reason}`)
  }

  /** A connection is back: its failures, and those it caused, are logged anew next time. */
  private recovered(connection: string): void {
    if (this.outages.has(connection)) console.warn(`Redis fan-out: ${connection} is back`)
    for (const source of [...this.outages]) {
      if (source === connection || !source.endsWith(' connection')) this.outages.delete(source)
    }
  }
}

/** Where a Redis URL points, without its credentials. */
function hostOf(url: string): string {
  try {
    return new URL(url).host || url
  } catch {
    return '(an unparsable URL)'
  }
}
