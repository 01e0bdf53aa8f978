/**
 * Websocket sync: answers the http server's `upgrade` on `/sync/<room>`, checks the token
 * and the document, and hands the socket to its room (with the share it was opened with, and
 * whether it asked for stored acknowledgements with `ack=1`); keeps idle sockets alive.
 */
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import { parseRoomName, type Rooms } from './rooms'
import { shareRevokedCode, shareRevokedReason } from './shares'
import type { Storage } from './storage'
import { hasRole, mayOpen, type Tokens } from './tokens'

/** What the sync endpoint needs. */
export interface SyncOptions {
  storage: Storage
  rooms: Rooms
  tokens: Tokens
  /** Largest frame accepted, in bytes (ws closes the socket with 1009 beyond it). */
  maxFrameBytes: number
  /** Interval of the keepalive round, in ms. */
  keepaliveMs: number
}

/** The sync endpoint: `handleUpgrade` for the http server, `close` on shutdown. */
export interface SyncServer {
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void
  /** Stops the keepalive and closes every socket with `code`. */
  close(code: number, reason: string): void
}

const syncPath = /^\/sync\/([^/]+)$/

/** Creates the websocket sync endpoint. */
export function createSync(options: SyncOptions): SyncServer {
  const { storage, rooms, tokens } = options
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxFrameBytes })
  const timer = setInterval(() => rooms.keepalive(), options.keepaliveMs)
  timer.unref()

  return {
    handleUpgrade(request, socket, head) {
      socket.on('error', () => socket.destroy())
      const url = new URL(request.url ?? '/', 'http://localhost')
      const match = syncPath.exec(url.pathname)
      const name = match ? safeDecode(match[1]!) : null
      const room = name === null ? null : parseRoomName(name)
      if (!name || !room) return refuse(socket, 404, `no sync room at ${url.pathname}`)
      const token = url.searchParams.get('token')
      const access = tokens.verify(token)
      if (!access) return refuse(socket, 401, 'a valid token is required')
      if (!mayOpen(access, room.documentId) || !storage.getDocument(room.documentId)) {
        return refuse(socket, 404, `no document "${room.documentId}"`)
      }
      const canWrite = hasRole(access.role, room.part === 'content' ? 'editor' : 'annotator')
      // Stock clients do not send ack=1 and never receive the stored acknowledgement.
      const acknowledge = url.searchParams.get('ack') === '1'
      wss.handleUpgrade(request, socket, head, (ws) => {
        // The share may have been revoked while the handshake was answered.
        if (!tokens.verify(token)) {
          ws.close(shareRevokedCode, shareRevokedReason)
          return
        }
        rooms.open(name).join(ws, { canWrite, acknowledge, share: access.share })
      })
    },
    close(code, reason) {
      clearInterval(timer)
      rooms.closeAll(code, reason)
      wss.close()
    },
  }
}

function safeDecode(value: string): string | null {
  try {
    return decodeURIComponent(value)
  } catch {
    return null
  }
}

const statusText: Record<number, string> = { 401: 'Unauthorized', 404: 'Not Found' }

/** Answers an upgrade with an HTTP error and destroys the socket. */
function refuse(socket: Duplex, status: number, message: string): void {
  const body = JSON.stringify({ error: message })
  socket.once('finish', () => socket.destroy())
  socket.end(
    `HTTP/1.1 ${status} ${statusText[status] ?? 'Error'}\r\n` +
      'Connection: close\r\nContent-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  )
}
