/**
 * A room's stored acknowledgements (protocol message type 4): which writers asked for one, and
 * the state vector each batch of the group commit stores. The vector is taken when the batch is
 * cut, not when it commits, since updates queued behind a batch in flight are in the doc by
 * then without being stored.
 */
import type { WebSocket } from 'ws'
import * as Y from 'yjs'
import { sendTo } from './connection'
import { storedMessage } from './protocol'

/** The acknowledgements one room owes. */
export class Acknowledgements {
  /** Writers that asked and wrote (or joined) since the last batch was cut. */
  private waiting = new Set<WebSocket>()
  /** Those to tell once the batch in flight commits, and the state vector it stores. */
  private sealed: { sockets: Set<WebSocket>; stateVector: Uint8Array } | null = null

  /** A connection that asked for acknowledgements wrote or joined: it hears of the next batch. */
  expect(ws: WebSocket): void {
    this.waiting.add(ws)
  }

  /** The batch now cut holds everything in `doc` that is not stored yet. */
  seal(doc: Y.Doc): void {
    if (this.waiting.size === 0) return
    this.sealed = { sockets: this.waiting, stateVector: Y.encodeStateVector(doc) }
    this.waiting = new Set()
  }

  /** The sealed batch is stored: tells each of its writers still `open` what is stored now. */
  committed(open: (ws: WebSocket) => boolean): void {
    const sealed = this.sealed
    this.sealed = null
    if (!sealed) return
    const message = storedMessage(sealed.stateVector)
    for (const ws of sealed.sockets) if (open(ws)) sendTo(ws, message)
  }

  /** The sealed batch could not be stored: nothing of it is acknowledged. */
  drop(): void {
    this.sealed = null
  }
}
