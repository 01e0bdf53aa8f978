/**
 * Keeps a loaded room in step with the other server instances that hold it: publishes what this
 * instance stored and its readers' awareness, applies what the others stored, and re-reads the
 * room's log from storage after a gap in the fan-out and at an interval, since an instance that
 * dies between its commit and its publish leaves an update stored that nobody was sent.
 */
import * as Y from 'yjs'
import type { Fanout, FanoutKind, FanoutMessage, RoomFeed } from './fanout'
import type { RoomStore } from './room-store'

/** The transaction origin of updates another instance stored (relayed, never stored again). */
export const remoteOrigin: unique symbol = Symbol('stored by another instance')

/** How long after a failed publish its updates are tried again, in ms. */
const resendAfterMs = 1000

/** What a link needs of its room. */
export interface LinkedRoom {
  readonly name: string
  readonly doc: Y.Doc
  /** Its readers' awareness, which takes the other instances' updates. */
  readonly presence: { applyRemote(update: Uint8Array, instance: string): void }
}

/** Options of a room's link to the other instances. */
export interface RoomLinkOptions {
  fanout: Fanout
  store: RoomStore
  /** How often the room's log is read again while loaded, in ms. */
  rereadMs: number
}

/** A room's link to the other instances, from when it is loaded until it is unloaded. */
export class RoomLink {
  private readonly feed: RoomFeed
  private readonly timer: NodeJS.Timeout
  private rereading: Promise<void> | null = null
  private closed = false
  /** Whether the last publish failed: logged once until one succeeds. */
  private publishFailing = false
  /** Stored updates that could not be sent (Redis was away): sent again until they go. */
  private unsent: Uint8Array[] = []
  private resendTimer: NodeJS.Timeout | null = null

  /** Follows the room's stream from `position`, taken before the room was loaded. */
  constructor(
    private readonly room: LinkedRoom,
    position: string,
    private readonly options: RoomLinkOptions,
  ) {
    this.feed = options.fanout.follow(room.name, position, {
      message: (message) => this.receive(message),
      gap: () => {
        // Redis is back (or was trimmed): what could not be sent meanwhile goes now.
        this.resend()
        void this.reread()
      },
    })
    this.timer = setInterval(() => void this.reread(), options.rereadMs)
    this.timer.unref()
  }

  /**
   * Sends stored updates, or awareness, to the other instances. Updates that cannot be sent are
   * kept and sent again once Redis answers; awareness is not (the next state replaces it).
   */
  publish(kind: FanoutKind, data: readonly Uint8Array[]): void {
    if (this.closed || data.length === 0) return
    this.options.fanout.publish(this.room.name, kind, data).then(
      () => {
        this.publishFailing = false
      },
      (error: unknown) => {
        if (kind === 'update') this.keepUnsent(data)
        if (this.publishFailing) return
        this.publishFailing = true
        console.error(`Could not send ${this.room.name} to the other instances`, message(error))
      },
    )
  }

  private keepUnsent(data: readonly Uint8Array[]): void {
    this.unsent.push(...data)
    // Kept as one update once they are many: Yjs merges them without loss.
    if (this.unsent.length > 100) this.unsent = [Y.mergeUpdates(this.unsent)]
    if (this.resendTimer || this.closed) return
    this.resendTimer = setTimeout(() => {
      this.resendTimer = null
      this.resend()
    }, resendAfterMs)
    this.resendTimer.unref()
  }

  /** Sends again, as one update, what could not be sent before. */
  private resend(): void {
    if (this.unsent.length === 0 || this.closed) return
    const update = Y.mergeUpdates(this.unsent)
    this.unsent = []
    this.publish('update', [update])
  }

  /** Reads the room's snapshot and log and applies what the doc lacks; one read at a time. */
  reread(): Promise<void> {
    if (this.closed) return Promise.resolve()
    this.rereading ??= this.options.store
      .loadRoom(this.room.name)
      .then((loaded) => {
        if (this.closed || this.room.doc.isDestroyed) return
        Y.transact(
          this.room.doc,
          () => {
            if (loaded.snapshot) Y.applyUpdate(this.room.doc, loaded.snapshot, remoteOrigin)
            for (const update of loaded.updates) Y.applyUpdate(this.room.doc, update, remoteOrigin)
          },
          remoteOrigin,
        )
      })
      .catch((error: unknown) => {
        console.error(`Could not read ${this.room.name} again`, message(error))
      })
      .finally(() => {
        this.rereading = null
      })
    return this.rereading
  }

  /** Stops following the room. */
  close(): void {
    if (this.closed) return
    this.closed = true
    clearInterval(this.timer)
    if (this.resendTimer) clearTimeout(this.resendTimer)
    this.feed.close()
  }

  private receive(received: FanoutMessage): void {
    if (this.closed || this.room.doc.isDestroyed) return
    try {
      if (received.kind === 'update') Y.applyUpdate(this.room.doc, received.data, remoteOrigin)
      else this.room.presence.applyRemote(received.data, received.instance)
    } catch (error) {
      // Another instance stored it, so the log holds it in a form the next read can apply.
      console.error(`Could not apply a ${received.kind} of ${this.room.name}`, message(error))
      void this.reread()
    }
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/**
 * Where a room's stream stands, or its start when Redis does not answer: the room still loads
 * from storage, and the fan-out reads it again once Redis is back (a gap).
 */
export async function streamPosition(fanout: Fanout, room: string): Promise<string> {
  try {
    return await fanout.position(room)
  } catch (error) {
    console.error(`Could not reach the other instances for ${room}`, message(error))
    return '0-0'
  }
}
