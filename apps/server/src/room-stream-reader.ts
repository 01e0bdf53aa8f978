/**
 * The reading side of the fan-out: one connection blocks in `XREAD` over every followed room's
 * stream; a newly followed room interrupts it (`CLIENT UNBLOCK`) and has its position checked
 * against trimming; after a disconnect every room hears `gap()`, its position moved to the end.
 */
import type { Redis } from 'ioredis'
import type { FanoutHandlers, RoomFeed } from './fanout'
import {
  compareIds,
  isStreamId,
  parseEdges,
  parseEntry,
  type StreamEdges,
  type StreamId,
  streamEdgesScript,
  trimmedPast,
} from './fanout-entry'

/** Options of the stream reader. */
export interface RoomStreamReaderOptions {
  /** The connection that blocks in `XREAD`, used for nothing else. */
  reader: Redis
  /** The connection for commands, used to unblock the reader. */
  command: Redis
  /** Key prefix, e.g. `warrant:`. */
  prefix: string
  /** This instance's id: its own entries are not delivered. */
  instance: string
  /** The streams' `MAXLEN ~`, which tells whether a stream from '0-0' may have been trimmed. */
  maxLength: number
  /** Hears the instance of each message from another instance. */
  heard: (instance: string) => void
  /** Logs a failure, once per outage. */
  report: (what: string, error: unknown) => void
}

/** How long one read blocks when no room was added meanwhile, in ms. */
const blockMs = 5000
/** Entries read per room and round trip. */
const readCount = 500
/** `CLIENT UNBLOCK` tries while the read has not reached Redis yet. */
const unblockAttempts = 20

/** A command of the reader cut by a disconnect: it would never settle, so it is abandoned. */
class ConnectionLost extends Error {}

/** One `follow()`: the room, and the id of the last entry it has heard of. */
interface Feed {
  room: string
  position: StreamId
  handlers: FanoutHandlers
  open: boolean
}

/** Follows room streams on one blocking connection. */
export class RoomStreamReader {
  private readonly feeds = new Map<string, Set<Feed>>()
  /** Feeds whose position has not yet been checked against trimming. */
  private readonly unchecked = new Set<Feed>()
  private resyncNeeded = false
  private closed = false
  private readerId: number | null = null
  /** The blocking read in flight, and the one last asked to unblock. */
  private reading: symbol | null = null
  private unblocked: symbol | null = null
  private wake: (() => void) | null = null
  private readonly lost = new Set<() => void>()
  private loop: Promise<void> = Promise.resolve()

  constructor(private readonly options: RoomStreamReaderOptions) {
    options.reader.on('close', () => {
      this.resyncNeeded = true
      this.readerId = null
      for (const resolve of this.lost) resolve()
      this.lost.clear()
      this.wakeUp()
    })
    options.reader.on('ready', () => this.wakeUp())
  }

  /** Starts the reading loop (the reader is connected). */
  start(): void {
    this.resyncNeeded = false
    this.loop = this.run()
  }

  /** Follows the room's stream from after `position`. */
  follow(room: string, position: string, handlers: FanoutHandlers): RoomFeed {
    if (this.closed) throw new Error('the fan-out is closed')
    if (!isStreamId(position)) throw new Error(`"${position}" is not a stream id (<ms>-<seq>)`)
    const feed: Feed = { room, position, handlers, open: true }
    const feeds = this.feeds.get(room) ?? new Set<Feed>()
    this.feeds.set(room, feeds)
    feeds.add(feed)
    this.unchecked.add(feed)
    this.interrupt()
    return {
      close: () => {
        feed.open = false
        this.unchecked.delete(feed)
        feeds.delete(feed)
        if (feeds.size === 0 && this.feeds.get(room) === feeds) this.feeds.delete(room)
      },
    }
  }

  /** Stops following every room and closes the reading connection. */
  async stop(): Promise<void> {
    this.closed = true
    this.feeds.clear()
    this.unchecked.clear()
    this.wakeUp()
    // A blocked read would hold QUIT back; the loop abandons the read when the socket closes.
    this.options.reader.disconnect()
    await this.loop
  }

  /** The stream key of a room. */
  private key(room: string): string {
    return `${this.options.prefix}room:${room}`
  }

  /** Reads until closed, waiting out outages. */
  private async run(): Promise<void> {
    while (!this.closed) {
      try {
        if (this.options.reader.status !== 'ready') {
          await this.waitFor(() => this.options.reader.status === 'ready')
          continue
        }
        if (this.resyncNeeded) await this.resync()
        if (this.feeds.size === 0) {
          await this.waitFor(() => this.feeds.size > 0 || this.options.reader.status !== 'ready')
          continue
        }
        this.readerId ??= Number(await this.orLost(this.options.reader.client('ID')))
        await this.readOnce()
      } catch (error) {
        if (this.closed || error instanceof ConnectionLost) continue
        this.options.report('reading the room streams', error)
        await this.pause(1000)
      }
    }
  }

  /** One `XREAD` over all followed rooms, then delivery; non-blocking while a feed awaits its check. */
  private async readOnce(): Promise<void> {
    const rooms = [...this.feeds.keys()]
    const checking = [...this.unchecked]
    this.unchecked.clear()
    // Only the feeds this read started from hear its entries: one added meanwhile may lie before.
    const reading = new Set(rooms.flatMap((room) => [...this.feeds.get(room)!]))
    const ids = rooms.map((room) => this.readFrom(room))
    const block = checking.length > 0 ? [] : ['BLOCK', blockMs]
    const token = Symbol('read')
    this.reading = checking.length > 0 ? null : token
    const keys = rooms.map((room) => this.key(room))
    const args = ['COUNT', readCount, ...block, 'STREAMS', ...keys, ...ids]
    const read = this.options.reader.callBuffer('XREAD', ...args)
    try {
      const reply = await this.orLost(read)
      if (checking.length > 0) await this.checkTrimmed(checking)
      this.deliver(reply, reading)
    } catch (error) {
      for (const feed of checking) if (feed.open) this.unchecked.add(feed)
      throw error
    } finally {
      this.reading = null
    }
  }

  /** The earliest position of the room's feeds. */
  private readFrom(room: string): StreamId {
    const positions = [...this.feeds.get(room)!].map((feed) => feed.position)
    return positions.reduce((a, b) => (compareIds(a, b) <= 0 ? a : b))
  }

  /** What the streams of `rooms` hold now, in one round trip. */
  private async edgesOf(rooms: readonly string[]): Promise<StreamEdges[]> {
    const pipeline = this.options.reader.pipeline()
    for (const room of rooms) pipeline.eval(streamEdgesScript, 1, this.key(room))
    const replies = (await this.orLost(pipeline.exec())) ?? []
    return rooms.map((_, i) => {
      const [error, reply] = replies[i] ?? [new Error('no reply')]
      if (error) throw error
      return parseEdges(reply)
    })
  }

  /** Calls gap() on the feeds whose position the stream was trimmed past. */
  private async checkTrimmed(feeds: readonly Feed[]): Promise<void> {
    const edges = await this.edgesOf(feeds.map((feed) => feed.room))
    feeds.forEach((feed, i) => {
      if (feed.open && trimmedPast(feed.position, edges[i]!, this.options.maxLength))
        this.safely(feed, () => feed.handlers.gap())
    })
  }

  /**
   * After the reader reconnected: moves every feed to its stream's end *then* calls gap(), so a
   * room re-reads storage after the position was taken and misses nothing published after it.
   */
  private async resync(): Promise<void> {
    this.resyncNeeded = false
    const rooms = [...this.feeds.keys()]
    try {
      const edges = await this.edgesOf(rooms)
      rooms.forEach((room, i) => {
        for (const feed of [...(this.feeds.get(room) ?? [])]) {
          feed.position = edges[i]!.last ?? '0-0'
          this.unchecked.delete(feed)
          this.safely(feed, () => feed.handlers.gap())
        }
      })
    } catch (error) {
      this.resyncNeeded = true
      throw error
    }
  }

  /** Hands each entry to the feeds it is new to; own entries only move the positions. */
  private deliver(reply: unknown, reading: ReadonlySet<Feed>): void {
    if (!Array.isArray(reply)) return
    for (const [keyBytes, entries] of reply as [Buffer, [Buffer, Buffer[]][]][]) {
      const key = keyBytes.toString()
      const feeds = this.feeds.get(key.slice(`${this.options.prefix}room:`.length))
      if (!feeds) continue
      for (const [idBytes, fields] of entries) {
        const id = idBytes.toString()
        const message = parseEntry(fields)
        if (typeof message === 'string')
          console.error(`Skipped entry ${id} of stream ${key}: ${message}`)
        else if (message.instance !== this.options.instance) this.options.heard(message.instance)
        for (const feed of [...feeds]) {
          if (!feed.open || !reading.has(feed) || compareIds(id, feed.position) <= 0) continue
          feed.position = id
          if (typeof message === 'string' || message.instance === this.options.instance) continue
          this.safely(feed, () => feed.handlers.message(message))
        }
      }
    }
  }

  /** Runs a handler; one that throws is logged and never stops the reading loop. */
  private safely(feed: Feed, handler: () => void): void {
    try {
      handler()
    } catch (error) {
      console.error(`A fan-out handler of room ${feed.room} failed`, error)
    }
  }

  /** Makes the blocked read return, so that the next one includes a newly followed room. */
  private interrupt(): void {
    this.wakeUp()
    const token = this.reading
    const id = this.readerId
    if (token === null || id === null || this.unblocked === token) return
    this.unblocked = token
    void (async () => {
      // The read may not have reached Redis yet (UNBLOCK answers 0): try again shortly.
      for (let attempt = 0; attempt < unblockAttempts; attempt++) {
        if (this.reading !== token || this.closed) return
        if (Number(await this.options.command.client('UNBLOCK', id)) === 1) return
        await new Promise((resolve) => setTimeout(resolve, 5).unref())
      }
    })().catch((error) => this.options.report('unblocking the reader', error))
  }

  /** `reply`, or a `ConnectionLost` rejection once the reading connection closes. */
  private orLost<T>(reply: Promise<T>): Promise<T> {
    reply.catch(() => undefined)
    let abandon = () => {}
    const lost = new Promise<never>((_, reject) => {
      abandon = () => reject(new ConnectionLost('the reading connection closed'))
    })
    this.lost.add(abandon)
    return Promise.race([reply, lost]).finally(() => this.lost.delete(abandon))
  }

  /** Resolves once `ready()` holds, the fan-out closes, or anything else wakes the loop. */
  private async waitFor(ready: () => boolean): Promise<void> {
    while (!ready() && !this.closed) await new Promise<void>((resolve) => (this.wake = resolve))
  }

  private async pause(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined
    await new Promise<void>((resolve) => {
      this.wake = resolve
      timer = setTimeout(resolve, ms)
    })
    clearTimeout(timer)
  }

  private wakeUp(): void {
    const wake = this.wake
    this.wake = null
    wake?.()
  }
}
