/**
 * A room: one live Y.Doc with its websocket connections and awareness. Every update is stored (by
 * the group commit) before it is relayed or acknowledged; the room lives while someone uses it.
 * With several instances, what the others stored arrives through its link (room-link.ts).
 */
import type { WebSocket } from 'ws'
import * as Y from 'yjs'
import { Acknowledgements } from './acknowledgements'
import type { Audit } from './audit'
import { connectionAuditOptions, observeAudit } from './audit-observer'
import { Compaction } from './compaction'
import {
  accessEndedCode,
  type Connection,
  type ConnectionOptions,
  closeSocket,
  openConnection,
  sendTo,
  socketClosed,
} from './connection'
import type { CommitListener, GroupCommit, QueuedUpdate } from './group-commit'
import { OrderedFrames } from './ordered-frames'
import { Presence } from './presence'
import {
  type ClientMessage,
  permissionDeniedMessage,
  syncStep1Message,
  syncStep2Message,
  updateMessage,
  wouldChange,
} from './protocol'
import { type RoomLink, remoteOrigin } from './room-link'
import type { LoadedRoom, RoomStore } from './room-store'

/** Options of a room. */
export interface RoomOptions {
  /** Log rows after which the room is compacted into a snapshot. */
  compactAfter: number
  /** The store its log is compacted in. */
  store: RoomStore
  /** The group commit its updates are stored through (one per server, over `store`). */
  commits: GroupCommit
  /** The audit log its writers' changes are recorded in. */
  audit: Audit
  /** Called when the last connection leaves. */
  onEmpty?: (room: Room) => void
  /** Called when an update could not be stored (the room must then be dropped). */
  onBroken?: (room: Room, error: unknown) => void
}

/** One Y.Doc loaded from storage, its connections and their awareness. */
export class Room implements CommitListener {
  readonly doc = new Y.Doc({ gc: true })
  /** Who is here: the connections' awareness states. */
  readonly presence: Presence
  private readonly connections = new Map<WebSocket, Connection>()
  private readonly compaction: Compaction
  private disposed = false
  private link: RoomLink | null = null
  /** Why an update could not be stored, once one could not: nothing more is acknowledged. */
  private failure: { error: unknown } | null = null
  private readonly acknowledgements = new Acknowledgements()
  /**
   * Stops recording the connections' writes in the audit log; null until a connection first
   * writes, so a room only read holds no audit state.
   */
  private stopAudit: (() => void) | null = null
  private readonly commits: GroupCommit
  /** Its sockets' frames, in order around the trials of large updates. */
  readonly frames: OrderedFrames

  /** The room as `loaded` from its store (before anyone can sync). */
  constructor(
    readonly name: string,
    loaded: LoadedRoom,
    private readonly options: RoomOptions,
  ) {
    Y.transact(this.doc, () => {
      if (loaded.snapshot) Y.applyUpdate(this.doc, loaded.snapshot)
      for (const update of loaded.updates) Y.applyUpdate(this.doc, update)
    })
    this.commits = options.commits
    // A log past the limit was left by a server that stopped before folding it: it is folded soon.
    this.compaction = new Compaction(name, loaded.updates.length, {
      ...options,
      broken: () => this.failure !== null,
    })
    this.presence = new Presence(this.doc, this.connections)
    this.frames = new OrderedFrames(this.doc, {
      accepts: (ws) => !this.disposed && this.connections.has(ws),
      handle: (ws, connection, message) => this.handle(ws, connection, message),
      apply: (ws, connection, update) => this.apply(ws, connection, update),
    })
    this.doc.on('update', this.onUpdate)
  }

  /** Open connections. */
  get size(): number {
    return this.connections.size
  }

  /** Adds a websocket: sends SyncStep1, awareness and (if asked) the stored state; serves it. */
  join(ws: WebSocket, options: ConnectionOptions): void {
    const connection = openConnection(options)
    this.connections.set(ws, connection)
    ws.on('message', (data, isBinary) => this.frames.receive(ws, connection, data, isBinary))
    ws.on('pong', () => {
      connection.alive = true
    })
    ws.on('close', () => this.leave(ws))
    ws.on('error', () => ws.terminate())
    sendTo(ws, syncStep1Message(this.doc))
    if (this.presence.size > 0) sendTo(ws, this.presence.everyone())
    // Its first stored acknowledgement follows the commit of what is queued.
    if (connection.acknowledge) this.acknowledgements.expect(ws)
    this.commits.include(this)
    void this.commits.flush()
  }

  /** Keeps the room in step with the other instances through `link` until it is disposed. */
  linkTo(link: RoomLink): void {
    this.link = link
    this.presence.onLocalChange = (update) => link.publish('awareness', [update])
  }

  /** Pings every connection, drops those that missed the last ping, and sends each a message. */
  keepalive(): void {
    // The stock client reconnects after 30 s without a message; pings do not count as one.
    const message = this.presence.nobody()
    const now = Date.now()
    for (const [ws, connection] of [...this.connections]) {
      if (connection.expires !== null && connection.expires <= now) {
        this.leave(ws)
        closeSocket(ws, accessEndedCode, 'share expired')
        continue
      }
      if (!connection.alive) {
        ws.terminate()
        continue
      }
      connection.alive = false
      ws.ping()
      sendTo(ws, message)
    }
  }

  /**
   * Closes every connection with a code and reason; a peer that does not answer is cut off.
   * Resolves once every socket has closed.
   */
  closeConnections(code: number, reason: string): Promise<void> {
    const sockets = [...this.connections.keys()]
    for (const ws of sockets) closeSocket(ws, code, reason)
    return Promise.all(sockets.map(socketClosed)).then(() => undefined)
  }

  /** Closes the connections opened with a share's token; how many there were. */
  closeShare(share: string, code: number, reason: string): number {
    let closed = 0
    for (const [ws, connection] of [...this.connections]) {
      if (connection.share !== share) continue
      // Forgotten at once: frames it sends before its peer answers the close are dropped.
      this.leave(ws)
      closeSocket(ws, code, reason)
      closed += 1
    }
    return closed
  }

  /** The error that stopped an update of this room from being stored, once one did. */
  get broken(): { error: unknown } | null {
    return this.failure
  }

  /** Stops taking frames, compacts and frees the room; it must not be used afterwards. */
  async dispose(): Promise<void> {
    if (this.disposed) return
    this.disposed = true
    this.compaction.stop()
    try {
      // Its last updates are stored, and sent to the other instances, before the link closes.
      await this.commits.flush()
      this.link?.close()
      await this.compaction.run()
    } finally {
      this.link?.close()
      this.stopAudit?.()
      this.doc.off('update', this.onUpdate)
      this.presence.destroy()
      this.doc.destroy()
    }
  }

  private readonly onUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin !== remoteOrigin) {
      this.commits.append(this, update, origin)
      return
    }
    // Stored by another instance: relayed at once, and never stored again.
    this.relay(update, null)
    this.compaction.counted(1)
  }

  private relay(update: Uint8Array, origin: unknown): void {
    const message = updateMessage(update)
    for (const ws of this.connections.keys()) if (ws !== origin) sendTo(ws, message)
  }

  /** Relays updates once committed, and tells each writer that asked what is now stored. */
  committed(updates: QueuedUpdate[]): void {
    if (this.failure) {
      this.acknowledgements.drop()
      return
    }
    this.link?.publish(
      'update',
      updates.map((queued) => queued.update),
    )
    this.compaction.counted(updates.length)
    if (this.disposed) return
    for (const { update, origin } of updates) this.relay(update, origin)
    this.acknowledgements.committed((ws) => this.connections.has(ws))
  }

  /** The batch now cut holds every update of the doc not yet stored. */
  sealed(): void {
    this.acknowledgements.seal(this.doc)
  }

  /** Its updates could not be stored, so none is relayed: the room is to be dropped. */
  failed(error: unknown): void {
    if (this.failure) return
    this.failure = { error }
    this.acknowledgements.drop()
    this.options.onBroken?.(this, error)
  }

  private handle(ws: WebSocket, connection: Connection, message: ClientMessage): void {
    switch (message.type) {
      case 'sync-step1': {
        // What it is sent must be stored first, as what is relayed is: the reply holds what the
        // doc holds now, and is sent once all of that is committed.
        const reply = syncStep2Message(this.doc, message.stateVector)
        void this.commits.flush().then(() => {
          if (!this.failure && this.connections.has(ws)) sendTo(ws, reply)
        })
        return
      }
      case 'sync-update':
        if (!connection.canWrite) {
          // The reply to our SyncStep1 carries the client's delete set even when it has
          // nothing new; only refuse what would have been a change.
          if (message.reply && !wouldChange(this.doc, message.update)) return
          sendTo(ws, permissionDeniedMessage(`read-only access to ${this.name}`))
          return
        }
        this.frames.guard(ws, connection, message.update)
        return
      case 'awareness':
        this.presence.publish(ws, connection, message.entries)
        return
      case 'query-awareness':
        sendTo(ws, this.presence.everyone())
        return
      case 'auth':
        return
    }
  }

  /** Applies a writer's update the guard allowed; relayed and acknowledged once stored. */
  private apply(ws: WebSocket, connection: Connection, update: Uint8Array): void {
    // An update that changes nothing (a client's reply to SyncStep1) has nothing to audit.
    if (!this.stopAudit && wouldChange(this.doc, update)) {
      this.stopAudit = observeAudit(
        this.doc,
        connectionAuditOptions(this.name, this.options.audit, this.connections),
      )
    }
    // Acknowledged to it (even when it changed nothing) once it is stored.
    Y.applyUpdate(this.doc, update, ws)
    if (connection.acknowledge) this.acknowledgements.expect(ws)
    this.commits.include(this)
  }

  /** Gives every connection of a reader a new display name (for the awareness they send next). */
  rename(identity: string, name: string): void {
    for (const connection of this.connections.values()) {
      if (connection.identity === identity) connection.awareness.user.name = name
    }
  }

  private leave(ws: WebSocket): void {
    const connection = this.connections.get(ws)
    if (!connection) return
    this.connections.delete(ws)
    if (!this.disposed) this.presence.leave(connection)
    if (this.connections.size === 0) this.options.onEmpty?.(this)
  }
}
