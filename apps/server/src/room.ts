/**
 * A room: one live Y.Doc with its websocket connections and awareness. Every update is stored (by
 * the group commit) before it is relayed or acknowledged; the room lives while someone uses it.
 */
import type { WebSocket } from 'ws'
import * as Y from 'yjs'
import { connectionAuditOptions, observeAudit } from './audit-observer'
import {
  accessEndedCode,
  type Connection,
  type ConnectionOptions,
  closeSocket,
  openConnection,
  sendTo,
  socketClosed,
} from './connection'
import { type CommitListener, GroupCommit, type QueuedUpdate } from './group-commit'
import { OrderedFrames } from './ordered-frames'
import { Presence } from './presence'
import {
  type ClientMessage,
  permissionDeniedMessage,
  storedMessage,
  syncStep1Message,
  syncStep2Message,
  updateMessage,
  wouldChange,
} from './protocol'
import { auditOver } from './sqlite-audit-store'
import type { Storage } from './storage'

/** Options of a room. */
export interface RoomOptions {
  /** Log rows after which the room is compacted into a snapshot. */
  compactAfter: number
  /** Called when the last connection leaves. */
  onEmpty?: (room: Room) => void
  /** Called when an update could not be stored (the room must then be dropped). */
  onBroken?: (room: Room, error: unknown) => void
  /** The group commit its updates are stored through (one per server); default: its own. */
  commits?: GroupCommit
}

/** One Y.Doc loaded from storage, its connections and their awareness. */
export class Room implements CommitListener {
  readonly doc = new Y.Doc({ gc: true })
  /** Who is here: the connections' awareness states. */
  readonly presence: Presence
  private readonly connections = new Map<WebSocket, Connection>()
  private logRows: number
  private compactionQueued = false
  private disposed = false
  /** Why an update could not be stored, once one could not: nothing more is acknowledged. */
  private failure: { error: unknown } | null = null
  /** Writers that asked for the stored acknowledgement and wrote since the last commit. */
  private readonly unacknowledged = new Set<WebSocket>()
  /**
   * Stops recording the connections' writes in the audit log; null until a connection first
   * writes, so a room only read holds no audit state.
   */
  private stopAudit: (() => void) | null = null
  private readonly commits: GroupCommit
  /** Its sockets' frames, in order around the trials of large updates. */
  readonly frames: OrderedFrames

  /** Loads the room's snapshot and log from storage (before anyone can sync). */
  constructor(
    readonly name: string,
    private readonly storage: Storage,
    private readonly options: RoomOptions,
  ) {
    this.logRows = storage.loadRoom(name, this.doc).logRows
    this.commits = options.commits ?? new GroupCommit(storage)
    // A log this long was left by a server that stopped before folding it; the next load is faster.
    if (this.logRows >= options.compactAfter) this.queueCompaction()
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
    if (connection.acknowledge) this.unacknowledged.add(ws)
    this.commits.include(this)
    this.commits.flush()
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

  /** Folds the update log (with the updates queued for it) into a snapshot. */
  compact(): void {
    this.commits.flush()
    // A broken room's doc holds updates that were never stored: they must not reach a snapshot.
    if (this.logRows === 0 || this.disposed || this.failure) return
    this.storage.compactRoom(this.name, this.doc)
    this.logRows = 0
  }

  /** Compacts and frees the room; it must not be used afterwards. */
  dispose(): void {
    if (this.disposed) return
    try {
      this.compact()
    } finally {
      this.disposed = true
      this.stopAudit?.()
      this.doc.off('update', this.onUpdate)
      this.presence.destroy()
      this.doc.destroy()
    }
  }

  private readonly onUpdate = (update: Uint8Array, origin: unknown): void => {
    this.commits.append(this, update, origin)
  }

  /** Relays updates once committed, and tells each writer that asked what is now stored. */
  committed(updates: QueuedUpdate[]): void {
    if (this.disposed || this.failure) return
    this.logRows += updates.length
    for (const { update, origin } of updates) {
      const message = updateMessage(update)
      for (const ws of this.connections.keys()) if (ws !== origin) sendTo(ws, message)
    }
    if (this.unacknowledged.size > 0) {
      // Every update in the doc was committed with this batch or before it.
      const stored = storedMessage(Y.encodeStateVector(this.doc))
      for (const ws of this.unacknowledged) if (this.connections.has(ws)) sendTo(ws, stored)
      this.unacknowledged.clear()
    }
    if (this.logRows >= this.options.compactAfter) this.queueCompaction()
  }

  /** Compacts once the current turn of the event loop is done. */
  private queueCompaction(): void {
    if (this.compactionQueued) return
    this.compactionQueued = true
    setImmediate(() => {
      this.compactionQueued = false
      try {
        this.compact()
      } catch (error) {
        // The log is kept as it was; the next compaction folds it.
        console.error(`Could not compact ${this.name}`, error)
      }
    })
  }

  /** Its updates could not be stored, so none is relayed: the room is to be dropped. */
  failed(error: unknown): void {
    if (this.failure) return
    this.failure = { error }
    this.options.onBroken?.(this, error)
  }

  private handle(ws: WebSocket, connection: Connection, message: ClientMessage): void {
    switch (message.type) {
      case 'sync-step1':
        // What it is sent must be stored first, as what is relayed is.
        this.commits.flush()
        sendTo(ws, syncStep2Message(this.doc, message.stateVector))
        return
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
        connectionAuditOptions(this.name, auditOver(this.storage), this.connections),
      )
    }
    // Acknowledged to it (even when it changed nothing) once it is stored.
    Y.applyUpdate(this.doc, update, ws)
    if (connection.acknowledge) this.unacknowledged.add(ws)
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
