/**
 * A room: one live Y.Doc with its websocket connections and awareness. Every update is
 * appended to the room's log before it is relayed, and connections that asked for it are
 * told which state is stored; the room lives while someone uses it.
 */

import { WebSocket } from 'ws'
import { Awareness, applyAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness'
import * as Y from 'yjs'
import {
  awarenessMessage,
  type ClientMessage,
  decodeClientMessage,
  hasNewItems,
  MalformedMessage,
  permissionDeniedMessage,
  storedMessage,
  syncStep1Message,
  syncStep2Message,
  updateMessage,
} from './protocol'
import type { Storage } from './storage'

/** Options of a room. */
export interface RoomOptions {
  /** Log rows after which the room is compacted into a snapshot. */
  compactAfter: number
  /** Called when the last connection leaves. */
  onEmpty?: (room: Room) => void
  /** Called when an update could not be stored (the room must then be dropped). */
  onBroken?: (room: Room, error: unknown) => void
}

/** What a connection may do in the room. */
export interface ConnectionOptions {
  /** Whether its document updates are applied (else they are refused). */
  canWrite: boolean
  /** Whether it asked (`ack=1`) for the stored acknowledgement after each of its writes. */
  acknowledge?: boolean
  /** The share its token belongs to, so revoking the share closes the connection. */
  share?: string
}

interface Connection {
  /** Awareness client ids this connection speaks for. */
  clients: Set<number>
  canWrite: boolean
  acknowledge: boolean
  /** Whether a stored acknowledgement is already queued for this turn of the event loop. */
  acknowledgementQueued: boolean
  share: string | null
  /** Whether it answered the last ping. */
  alive: boolean
}

// A client that lets this much pile up unread is dropped rather than buffered without end.
const maxBufferedBytes = 64 * 1024 * 1024
// How long a closing peer has to answer the close frame.
const closeGraceMs = 1000

/** One Y.Doc loaded from storage, its connections and their awareness. */
export class Room {
  readonly doc = new Y.Doc({ gc: true })
  readonly awareness: Awareness
  private readonly connections = new Map<WebSocket, Connection>()
  private logRows: number
  private compactionQueued = false
  private disposed = false
  /** Set when an update could not be stored: nothing more is acknowledged. */
  private broken = false

  /** Loads the room's snapshot and log from storage (before anyone can sync). */
  constructor(
    readonly name: string,
    private readonly storage: Storage,
    private readonly options: RoomOptions,
  ) {
    this.logRows = storage.loadRoom(name, this.doc).logRows
    this.awareness = new Awareness(this.doc)
    this.awareness.setLocalState(null)
    this.doc.on('update', this.onUpdate)
    this.awareness.on('update', this.onAwareness)
  }

  /** Open connections. */
  get size(): number {
    return this.connections.size
  }

  /** Adds a websocket: sends SyncStep1, awareness and (if asked) the stored state; serves it. */
  join(ws: WebSocket, options: ConnectionOptions): void {
    const connection: Connection = {
      clients: new Set(),
      canWrite: options.canWrite,
      acknowledge: options.acknowledge ?? false,
      acknowledgementQueued: false,
      share: options.share ?? null,
      alive: true,
    }
    this.connections.set(ws, connection)
    ws.on('message', (data, isBinary) => this.receive(ws, connection, data, isBinary))
    ws.on('pong', () => {
      connection.alive = true
    })
    ws.on('close', () => this.leave(ws))
    ws.on('error', () => ws.terminate())
    this.send(ws, syncStep1Message(this.doc))
    if (this.awareness.states.size > 0) {
      this.send(ws, awarenessMessage(this.awareness, [...this.awareness.states.keys()]))
    }
    // Everything in the doc was loaded from or appended to storage.
    if (connection.acknowledge) this.send(ws, storedMessage(Y.encodeStateVector(this.doc)))
  }

  /** Pings every connection, drops those that missed the last ping, and sends each a message. */
  keepalive(): void {
    // The stock client reconnects after 30 s without a message; pings do not count as one.
    const message = awarenessMessage(this.awareness, [])
    for (const [ws, connection] of this.connections) {
      if (!connection.alive) {
        ws.terminate()
        continue
      }
      connection.alive = false
      ws.ping()
      this.send(ws, message)
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
      this.doc.off('update', this.onUpdate)
      this.awareness.off('update', this.onAwareness)
      this.awareness.destroy()
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
    for (const ws of this.connections.keys()) if (ws !== origin) this.send(ws, message)
    if (this.logRows >= this.options.compactAfter && !this.compactionQueued) {
      this.compactionQueued = true
      setImmediate(() => {
        this.compactionQueued = false
        this.compact()
      })
    }
  }

  private readonly onAwareness = (
    change: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const connection = origin instanceof WebSocket ? this.connections.get(origin) : undefined
    if (connection) {
      for (const id of [...change.added, ...change.updated]) connection.clients.add(id)
      for (const id of change.removed) connection.clients.delete(id)
    }
    const changed = [...change.added, ...change.updated, ...change.removed]
    const message = awarenessMessage(this.awareness, changed)
    for (const ws of this.connections.keys()) this.send(ws, message)
  }

  private receive(
    ws: WebSocket,
    connection: Connection,
    data: WebSocket.RawData,
    isBinary: boolean,
  ): void {
    // Frames arriving after shutdown began, or after the connection was revoked, are dropped.
    if (this.disposed || !this.connections.has(ws)) return
    if (!isBinary) {
      ws.close(1003, 'y-websocket messages are binary')
      return
    }
    const bytes = Array.isArray(data)
      ? Buffer.concat(data)
      : data instanceof ArrayBuffer
        ? new Uint8Array(data)
        : data
    try {
      this.handle(ws, connection, decodeClientMessage(bytes))
    } catch (error) {
      const reason = error instanceof MalformedMessage ? error.message : 'malformed message'
      ws.close(1002, reason.slice(0, 120))
    }
  }

  private handle(ws: WebSocket, connection: Connection, message: ClientMessage): void {
    switch (message.type) {
      case 'sync-step1':
        this.send(ws, syncStep2Message(this.doc, message.stateVector))
        return
      case 'sync-update':
        if (!connection.canWrite) {
          // The reply to our SyncStep1 carries the client's delete set even when it has
          // nothing new; only refuse what would have been a change.
          if (message.reply && !hasNewItems(this.doc, message.update)) return
          this.send(ws, permissionDeniedMessage(`read-only access to ${this.name}`))
          return
        }
        Y.applyUpdate(this.doc, message.update, ws)
        if (connection.acknowledge) this.acknowledge(ws, connection)
        return
      case 'awareness':
        if (!this.claimAwareness(ws, connection, message.clients)) return
        applyAwarenessUpdate(this.awareness, message.update, ws)
        return
      case 'query-awareness':
        this.send(ws, awarenessMessage(this.awareness, [...this.awareness.states.keys()]))
        return
      case 'auth':
        return
    }
  }

  /** Queues a write's stored acknowledgement: one per connection per turn of the event loop. */
  private acknowledge(ws: WebSocket, connection: Connection): void {
    if (connection.acknowledgementQueued) return
    connection.acknowledgementQueued = true
    setImmediate(() => {
      connection.acknowledgementQueued = false
      if (this.disposed || this.broken || !this.connections.has(ws)) return
      this.send(ws, storedMessage(Y.encodeStateVector(this.doc)))
    })
  }

  /**
   * Whether a connection may speak for these awareness client ids. An id another connection
   * holds is refused, unless that connection came with the same token: that is the same reader
   * back on a new socket before the server noticed the old one die, and the id moves over, so
   * closing the old socket later does not take the reader's presence away.
   */
  private claimAwareness(ws: WebSocket, connection: Connection, ids: number[]): boolean {
    const holders: Connection[] = []
    for (const [other, held] of this.connections) {
      if (other === ws || !ids.some((id) => held.clients.has(id))) continue
      if (held.share !== connection.share) return false
      holders.push(held)
    }
    for (const held of holders) for (const id of ids) held.clients.delete(id)
    return true
  }

  private leave(ws: WebSocket): void {
    const connection = this.connections.get(ws)
    if (!connection) return
    this.connections.delete(ws)
    if (!this.disposed) removeAwarenessStates(this.awareness, [...connection.clients], null)
    if (this.connections.size === 0) this.options.onEmpty?.(this)
  }

  private send(ws: WebSocket, message: Uint8Array): void {
    if (ws.readyState !== WebSocket.OPEN) return
    if (ws.bufferedAmount > maxBufferedBytes) {
      ws.terminate()
      return
    }
    ws.send(message, (error) => {
      if (error) ws.terminate()
    })
  }
}

/** Closes a socket with a code and reason, cutting it off if its peer does not answer. */
function closeSocket(ws: WebSocket, code: number, reason: string): void {
  ws.close(code, reason)
  const cutOff = setTimeout(() => ws.terminate(), closeGraceMs)
  ws.once('close', () => clearTimeout(cutOff))
}
