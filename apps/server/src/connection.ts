/**
 * One websocket in a room: what its token lets it do and who it speaks for, and the few ways
 * the server talks to a socket (send without unbounded buffering, close with a grace period).
 */
import { WebSocket } from 'ws'
import type { AuditActor } from './audit'
import type { AwarenessBinding, AwarenessUser } from './awareness-guard'

/** The close code of a socket whose access ended (revoked or expired): do not come back with it. */
export const accessEndedCode = 4401

/** What a connection may do in the room. */
export interface ConnectionOptions {
  /** Whether its document updates are applied (else they are refused). */
  canWrite: boolean
  /** Whether it asked (`ack=1`) for the stored acknowledgement after each of its writes. */
  acknowledge?: boolean
  /** The share its token belongs to, so revoking the share closes the connection. */
  share?: string
  /** Who its token speaks for (a session, else a share): awareness ids move only between these. */
  identity?: string
  /** The name and role its token gives it, written into its awareness state. */
  user?: AwarenessUser
  /** When its token stops working (ISO time): the keepalive round closes it then. */
  expires?: string | null
}

/** A connection's state in its room. */
export interface Connection {
  /** Awareness client ids this connection speaks for. */
  clients: Set<number>
  canWrite: boolean
  acknowledge: boolean
  share: string | null
  identity: string | null
  /** The one awareness client id it speaks for, and the user fields its token gives it. */
  awareness: AwarenessBinding
  /** When its token stops working, in ms since the epoch, or null for never. */
  expires: number | null
  /** Whether it answered the last ping. */
  alive: boolean
}

// A client that lets this much pile up unread is dropped rather than buffered without end.
const maxBufferedBytes = 64 * 1024 * 1024
// How long a closing peer has to answer the close frame.
const closeGraceMs = 1000

/** A connection's state as it joins. */
export function openConnection(options: ConnectionOptions): Connection {
  return {
    clients: new Set(),
    canWrite: options.canWrite,
    acknowledge: options.acknowledge ?? false,
    share: options.share ?? null,
    identity: options.identity ?? options.share ?? null,
    awareness: {
      client: null,
      user: { ...(options.user ?? { name: 'anonymous', role: 'viewer' }) },
    },
    expires: options.expires ? Date.parse(options.expires) : null,
    alive: true,
  }
}

/** Who the audit log names for a connection's writes (read at each write, so renames show). */
export function connectionActor(connection: Connection): AuditActor {
  return { actor: connection.awareness.user.name, share: connection.share, channel: 'sync' }
}

/** A received frame's bytes, whichever form ws handed them over in. */
export function frameBytes(data: WebSocket.RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data)
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data
}

/** Sends a message to an open socket; one that lets too much pile up unread is cut off. */
export function sendTo(ws: WebSocket, message: Uint8Array): void {
  if (ws.readyState !== WebSocket.OPEN) return
  if (ws.bufferedAmount > maxBufferedBytes) {
    ws.terminate()
    return
  }
  ws.send(message, (error) => {
    if (error) ws.terminate()
  })
}

// A close frame carries at most 123 bytes of reason; `ws` throws on a longer one.
const maxReasonBytes = 123

/** `reason` cut to 120 characters and to the bytes a close frame carries. */
export function closeReason(reason: string): string {
  let cut = reason.slice(0, 120)
  while (Buffer.byteLength(cut) > maxReasonBytes) cut = cut.slice(0, -1)
  return cut
}

/** Closes a socket with a code and reason, cutting it off if its peer does not answer. */
export function closeSocket(ws: WebSocket, code: number, reason: string): void {
  ws.close(code, closeReason(reason))
  const cutOff = setTimeout(() => ws.terminate(), closeGraceMs)
  ws.once('close', () => clearTimeout(cutOff))
}

/** Resolves once a socket has closed (at once when it already has). */
export function socketClosed(ws: WebSocket): Promise<void> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve()
  return new Promise((resolve) => ws.once('close', () => resolve()))
}
