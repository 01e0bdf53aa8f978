/**
 * Who is in a room: the awareness states its connections publish, each connection bound to
 * its own client id and named by its token (see awareness-guard.ts), relayed to everyone in
 * the room, the sender too, and removed when the connection leaves. With several instances,
 * the states of readers on the others arrive through the fan-out, and leave with their instance.
 */
import type { WebSocket } from 'ws'
import {
  Awareness,
  applyAwarenessUpdate,
  encodeAwarenessUpdate,
  removeAwarenessStates,
} from 'y-protocols/awareness'
import type * as Y from 'yjs'
import { type AwarenessEntry, admitAwareness, encodeAwarenessEntries } from './awareness-guard'
import { type Connection, sendTo } from './connection'
import { awarenessMessage } from './protocol'

/** The origin of awareness changes that came from another instance. */
class RemoteInstance {
  constructor(readonly id: string) {}
}

/** The origin of the removals of a connection that left. */
const left = Symbol('left')

/** The awareness of one room's connections. */
export class Presence {
  private readonly awareness: Awareness
  /** The client ids of readers on other instances, by instance. */
  private readonly remote = new Map<string, Set<number>>()
  /** Hears every change of this instance's own readers, to send to the other instances. */
  onLocalChange: ((update: Uint8Array) => void) | null = null

  constructor(
    doc: Y.Doc,
    private readonly connections: ReadonlyMap<WebSocket, Connection>,
  ) {
    this.awareness = new Awareness(doc)
    // The server itself is nobody.
    this.awareness.setLocalState(null)
    this.awareness.on('update', this.onChange)
  }

  /** How many clients have a state. */
  get size(): number {
    return this.awareness.states.size
  }

  /** The message with every state, for a newcomer or a query. */
  everyone(): Uint8Array {
    return awarenessMessage(this.awareness, [...this.awareness.states.keys()])
  }

  /** An awareness message with no states, the keepalive the stock client counts as traffic. */
  nobody(): Uint8Array {
    return awarenessMessage(this.awareness, [])
  }

  /** Applies what a connection may publish of `entries`: its own id's, named by its token. */
  publish(ws: WebSocket, connection: Connection, entries: readonly AwarenessEntry[]): void {
    const admitted = admitAwareness(connection.awareness, entries, (client) =>
      this.mayClaim(ws, connection, client),
    )
    if (admitted.length === 0) return
    applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(admitted), ws)
  }

  /** Removes the states of a connection that left. */
  leave(connection: Connection): void {
    removeAwarenessStates(this.awareness, [...connection.clients], left)
  }

  /** Applies an awareness update another instance sent of its readers. */
  applyRemote(update: Uint8Array, instance: string): void {
    applyAwarenessUpdate(this.awareness, update, new RemoteInstance(instance))
  }

  /** Removes the states of every reader of an instance that is gone. */
  dropInstance(instance: string): void {
    const clients = this.remote.get(instance)
    if (!clients) return
    this.remote.delete(instance)
    removeAwarenessStates(this.awareness, [...clients], new RemoteInstance(instance))
  }

  destroy(): void {
    this.awareness.off('update', this.onChange)
    this.awareness.destroy()
  }

  /**
   * Whether a connection may bind an awareness client id. An id another connection holds is
   * refused, unless that connection speaks for the same reader: that is the reader back on a
   * new socket before the server noticed the old one die, and the id moves over, so closing
   * the old socket later does not take the reader's presence away.
   */
  private mayClaim(ws: WebSocket, connection: Connection, id: number): boolean {
    const holders: Connection[] = []
    for (const [other, held] of this.connections) {
      if (other === ws || (!held.clients.has(id) && held.awareness.client !== id)) continue
      if (held.identity === null || held.identity !== connection.identity) return false
      holders.push(held)
    }
    for (const held of holders) held.clients.delete(id)
    return true
  }

  private readonly onChange = (
    change: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    // Any origin may be looked up: only a connection's socket is found.
    const connection = this.connections.get(origin as WebSocket)
    if (connection) {
      for (const id of [...change.added, ...change.updated]) connection.clients.add(id)
      for (const id of change.removed) connection.clients.delete(id)
    }
    const changed = [...change.added, ...change.updated, ...change.removed]
    if (origin instanceof RemoteInstance) this.trackRemote(origin.id, change)
    else if ((connection || origin === left) && this.onLocalChange) {
      this.onLocalChange(encodeAwarenessUpdate(this.awareness, changed))
    }
    const message = awarenessMessage(this.awareness, changed)
    for (const ws of this.connections.keys()) sendTo(ws, message)
  }

  private trackRemote(
    instance: string,
    change: { added: number[]; updated: number[]; removed: number[] },
  ): void {
    let clients = this.remote.get(instance)
    if (!clients) {
      clients = new Set()
      this.remote.set(instance, clients)
    }
    for (const id of [...change.added, ...change.updated]) clients.add(id)
    for (const id of change.removed) clients.delete(id)
    if (clients.size === 0) this.remote.delete(instance)
  }
}
