/**
 * A room: one live Y.Doc with its websocket connections and awareness. Every update is
 * appended to the room's log before it is relayed, and connections that asked for it are
 * told which state is stored; the room lives while someone uses it.
 */
import { WebSocket } from 'ws'
import * as Y from 'yjs'
import { Audit, type AuditActor } from './audit'
import { type AuditObserverOptions, observeAudit } from './audit-observer'
import {
  accessEndedCode,
  type Connection,
  type ConnectionOptions,
  closeSocket,
  connectionActor,
  frameBytes,
  openConnection,
  sendTo,
} from './connection'
import { Presence } from './presence'
import {
  type ClientMessage,
  decodeClientMessage,
  MalformedMessage,
  permissionDeniedMessage,
  storedMessage,
  syncStep1Message,
  syncStep2Message,
  updateMessage,
  wouldChange,
} from './protocol'
import { holdSocket, releaseSocket } from './rate-limit'
import type { Storage } from './storage'
import { sharedUpdateGuard, type UpdateVerdict } from './update-guard'

/** Options of a room. */
export interface RoomOptions {
  /** Log rows after which the room is compacted into a snapshot. */
  compactAfter: number
  /** Called when the last connection leaves. */
  onEmpty?: (room: Room) => void
  /** Called when an update could not be stored (the room must then be dropped). */
  onBroken?: (room: Room, error: unknown) => void
}

/** One Y.Doc loaded from storage, its connections and their awareness. */
export class Room {
  readonly doc = new Y.Doc({ gc: true })
  /** Who is here: the connections' awareness states. */
  readonly presence: Presence
  private readonly connections = new Map<WebSocket, Connection>()
  private logRows: number
  private compactionQueued = false
  private disposed = false
  /** Set when an update could not be stored: nothing more is acknowledged. */
  private broken = false
  /** Stops recording the connections' writes in the audit log. */
  private readonly stopAudit: () => void

  /** Loads the room's snapshot and log from storage (before anyone can sync). */
  constructor(
    readonly name: string,
    private readonly storage: Storage,
    private readonly options: RoomOptions,
  ) {
    this.logRows = storage.loadRoom(name, this.doc).logRows
    // A log this long was left by a server that stopped before folding it; the next load is faster.
    if (this.logRows >= options.compactAfter) this.queueCompaction()
    this.presence = new Presence(this.doc, this.connections)
    this.doc.on('update', this.onUpdate)
    this.stopAudit = observeAudit(this.doc, auditOptions(name, storage, this.connections))
  }

  /** Open connections. */
  get size(): number {
    return this.connections.size
  }

  /** Adds a websocket: sends SyncStep1, awareness and (if asked) the stored state; serves it. */
  join(ws: WebSocket, options: ConnectionOptions): void {
    const connection = openConnection(options)
    this.connections.set(ws, connection)
    ws.on('message', (data, isBinary) => this.receive(ws, connection, data, isBinary))
    ws.on('pong', () => {
      connection.alive = true
    })
    ws.on('close', () => this.leave(ws))
    ws.on('error', () => ws.terminate())
    sendTo(ws, syncStep1Message(this.doc))
    if (this.presence.size > 0) sendTo(ws, this.presence.everyone())
    // Everything in the doc was loaded from or appended to storage.
    if (connection.acknowledge) sendTo(ws, storedMessage(Y.encodeStateVector(this.doc)))
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

  /** Closes every connection with a code and reason; a peer that does not answer is cut off. */
  closeConnections(code: number, reason: string): void {
    for (const ws of this.connections.keys()) closeSocket(ws, code, reason)
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

  /** Folds the update log into a snapshot. */
  compact(): void {
    if (this.logRows === 0 || this.disposed) return
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
      this.stopAudit()
      this.doc.off('update', this.onUpdate)
      this.presence.destroy()
      this.doc.destroy()
    }
  }

  private readonly onUpdate = (update: Uint8Array, origin: unknown): void => {
    try {
      this.storage.appendUpdate(this.name, update)
    } catch (error) {
      // Not stored, so not relayed: the room is dropped and clients resync from disk.
      this.broken = true
      this.options.onBroken?.(this, error)
      return
    }
    this.logRows += 1
    const message = updateMessage(update)
    for (const ws of this.connections.keys()) if (ws !== origin) sendTo(ws, message)
    if (this.logRows >= this.options.compactAfter) this.queueCompaction()
  }

  /** Compacts once the current turn of the event loop is done. */
  private queueCompaction(): void {
    if (this.compactionQueued) return
    this.compactionQueued = true
    setImmediate(() => {
      this.compactionQueued = false
      this.compact()
    })
  }

  /** Frames of sockets whose large update is on trial, handled after it in order. */
  private readonly waiting = new Map<WebSocket, Array<[WebSocket.RawData, boolean]>>()

  private receive(
    ws: WebSocket,
    connection: Connection,
    data: WebSocket.RawData,
    isBinary: boolean,
  ): void {
    // Frames arriving after shutdown began, after the connection was revoked, or after the
    // server began closing the socket are dropped.
    if (this.disposed || !this.connections.has(ws) || ws.readyState !== WebSocket.OPEN) return
    const waiting = this.waiting.get(ws)
    if (waiting) {
      waiting.push([data, isBinary])
      return
    }
    if (!isBinary) {
      ws.close(1003, 'y-websocket messages are binary')
      return
    }
    try {
      this.handle(ws, connection, decodeClientMessage(frameBytes(data)))
    } catch (error) {
      const reason = error instanceof MalformedMessage ? error.message : 'malformed message'
      ws.close(1002, reason.slice(0, 120))
    }
  }

  private handle(ws: WebSocket, connection: Connection, message: ClientMessage): void {
    switch (message.type) {
      case 'sync-step1':
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
        this.guardUpdate(ws, connection, message.update)
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

  /**
   * Applies a writer's update once the update guard allows it: at once when it is small; when it
   * is large, after its trial, holding the socket's later frames until then so order is kept.
   * A refused update closes the socket and is neither applied nor relayed.
   */
  private guardUpdate(ws: WebSocket, connection: Connection, update: Uint8Array): void {
    const apply = (verdict: UpdateVerdict) => {
      if (!verdict.ok) {
        closeSocket(ws, verdict.code, verdict.reason)
        return
      }
      Y.applyUpdate(this.doc, update, ws)
      if (connection.acknowledge) this.acknowledge(ws, connection)
    }
    const verdict = sharedUpdateGuard().check(this.doc, update)
    if (!(verdict instanceof Promise)) {
      apply(verdict)
      return
    }
    this.waiting.set(ws, [])
    holdSocket(ws)
    const settle = (verdict: UpdateVerdict) => {
      const waiting = this.waiting.get(ws) ?? []
      this.waiting.delete(ws)
      releaseSocket(ws)
      if (this.disposed || !this.connections.has(ws) || ws.readyState !== WebSocket.OPEN) return
      apply(verdict)
      // A frame that starts another trial makes the rest wait for that one.
      for (const [data, isBinary] of waiting) this.receive(ws, connection, data, isBinary)
    }
    verdict.then(settle).catch(() => closeSocket(ws, 1011, 'the update could not be applied'))
  }

  /** Queues a write's stored acknowledgement: one per connection per turn of the event loop. */
  private acknowledge(ws: WebSocket, connection: Connection): void {
    if (connection.acknowledgementQueued) return
    connection.acknowledgementQueued = true
    setImmediate(() => {
      connection.acknowledgementQueued = false
      if (this.disposed || this.broken || !this.connections.has(ws)) return
      sendTo(ws, storedMessage(Y.encodeStateVector(this.doc)))
    })
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

/** What a room's audit observer records: its connections' writes, each named by its token. */
function auditOptions(
  room: string,
  storage: Storage,
  connections: ReadonlyMap<WebSocket, Connection>,
): AuditObserverOptions {
  const actorOf = (origin: unknown): AuditActor | null => {
    const connection = origin instanceof WebSocket ? connections.get(origin) : undefined
    return connection ? connectionActor(connection) : null
  }
  return { audit: new Audit(storage), room, actorOf }
}
