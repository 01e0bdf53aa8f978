/**
 * A room's incoming frames, handled in the order each socket sent them even when a large update
 * must first pass its trial in a worker thread: the socket's later frames wait for the verdict,
 * and are handled after it in order. A refused update closes its socket and is never applied.
 */
import { WebSocket } from 'ws'
import type * as Y from 'yjs'
import { type Connection, closeReason, closeSocket, frameBytes } from './connection'
import { type ClientMessage, decodeClientMessage, MalformedMessage } from './protocol'
import { holdSocket, releaseSocket } from './rate-limit'
import { sharedUpdateGuard, type UpdateVerdict } from './update-guard'

/** What a room does with the frames once they are in order. */
export interface FrameHandler {
  /** Whether the socket's frames are still taken (not after shutdown, revocation or closing). */
  accepts(ws: WebSocket): boolean
  /** Handles one decoded message. */
  handle(ws: WebSocket, connection: Connection, message: ClientMessage): void
  /** Applies a writer's update the guard allowed. */
  apply(ws: WebSocket, connection: Connection, update: Uint8Array): void
}

/** The frames of a room's sockets, kept in order around the trials of large updates. */
export class OrderedFrames {
  /** Frames of sockets whose large update is on trial, handled after it in order. */
  private readonly waiting = new Map<WebSocket, Array<[WebSocket.RawData, boolean]>>()
  private readonly onSettled = new Set<() => void>()

  constructor(
    private readonly doc: Y.Doc,
    private readonly handler: FrameHandler,
  ) {}

  /** Takes a frame from a socket: decodes and handles it, or queues it behind a trial. */
  receive(ws: WebSocket, connection: Connection, data: WebSocket.RawData, isBinary: boolean): void {
    // Frames arriving after shutdown began, after the connection was revoked, or after the
    // server began closing the socket are dropped.
    if (!this.handler.accepts(ws) || ws.readyState !== WebSocket.OPEN) return
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
      this.handler.handle(ws, connection, decodeClientMessage(frameBytes(data)))
    } catch (error) {
      const reason = error instanceof MalformedMessage ? error.message : 'malformed message'
      ws.close(1002, closeReason(reason))
    }
  }

  /**
   * Applies a writer's update once the update guard allows it: at once when it is small; when it
   * is large, after its trial, holding the socket's later frames until then so order is kept.
   * A refused update closes the socket and is neither applied nor relayed.
   */
  guard(ws: WebSocket, connection: Connection, update: Uint8Array): void {
    const apply = (verdict: UpdateVerdict) => {
      if (!verdict.ok) {
        closeSocket(ws, verdict.code, verdict.reason)
        return
      }
      this.handler.apply(ws, connection, update)
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
      if (this.handler.accepts(ws) && ws.readyState === WebSocket.OPEN) {
        apply(verdict)
        // A frame that starts another trial makes the rest wait for that one.
        for (const [data, isBinary] of waiting) this.receive(ws, connection, data, isBinary)
      }
      if (this.waiting.size === 0) for (const listener of [...this.onSettled]) listener()
    }
    verdict.then(settle).catch(() => {
      this.waiting.delete(ws)
      closeSocket(ws, 1011, 'the update could not be applied')
      if (this.waiting.size === 0) for (const listener of [...this.onSettled]) listener()
    })
  }

  /** Resolves once no update is on trial (at once when none is). */
  settled(): Promise<void> {
    if (this.waiting.size === 0) return Promise.resolve()
    return new Promise((resolve) => {
      const listener = () => {
        this.onSettled.delete(listener)
        resolve()
      }
      this.onSettled.add(listener)
    })
  }
}
