/**
 * Websocket sync: answers the http server's `upgrade` on `/sync/<room>`, checks the token
 * and the document, and hands the socket to its room (with the share it was opened with, and
 * whether it asked for stored acknowledgements with `ack=1`); keeps idle sockets alive.
 */
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import { upgradeOriginRefusal } from './browser-safety'
import { ConnectionCaps, type ConnectionCapsOptions, isRefusal } from './connection-caps'
import type { DocumentStore } from './document-store'
import { errorBody } from './errors'
import { type RateOptions, TokenBuckets, throttleSocket } from './rate-limit'
import { parseRoomName, type Rooms } from './rooms'
import { shareRevokedCode, shareRevokedReason } from './shares'
import { describeStorageError } from './storage-faults'
import { hasRole, identityOf, mayOpen, type Tokens } from './tokens'

/** What the sync endpoint needs. */
export interface SyncOptions {
  /** The documents a room must belong to. */
  documents: DocumentStore
  rooms: Rooms
  tokens: Tokens
  /** Largest frame accepted, in bytes (ws closes the socket with 1009 beyond it). */
  maxFrameBytes: number
  /** Interval of the keepalive round, in ms. */
  keepaliveMs: number
  /** Origins besides the server's own whose pages may open sync sockets (`WARRANT_ORIGINS`). */
  allowedOrigins?: readonly string[]
  /** Document updates per token (a socket beyond it is paused until the budget refills). */
  syncRate?: RateOptions
  /** Open connections and documents per token (the upgrade beyond is answered 429). */
  connectionCaps?: ConnectionCapsOptions
}

/** The sync endpoint: `handleUpgrade` for the http server, `close` on shutdown. */
export interface SyncServer {
  /** Answers an upgrade; rejects when the token or the document could not be read. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void>
  /**
   * Refuses new sockets (503), stops the keepalive and closes every socket with `code`;
   * resolves once every socket has closed (a peer that does not answer is cut off).
   */
  close(code: number, reason: string): Promise<void>
}

const syncPath = /^\/sync\/([^/]+)$/

/** Creates the websocket sync endpoint. */
export function createSync(options: SyncOptions): SyncServer {
  const { documents, rooms, tokens } = options
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxFrameBytes })
  const caps = new ConnectionCaps(options.connectionCaps ?? { maxConnections: 0, maxDocuments: 0 })
  const updateBudgets = new TokenBuckets(options.syncRate ?? { burst: 0, perSecond: 0 })
  const timer = setInterval(() => rooms.keepalive(), options.keepaliveMs)
  timer.unref()
  let closing = false

  return {
    async handleUpgrade(request, socket, head) {
      socket.on('error', () => socket.destroy())
      if (closing) {
        return refuse(socket, 503, 'the server is shutting down', {
          retryAfter: capRetryAfterSeconds,
        })
      }
      // The same-origin policy does not cover websockets: any page may open one to this server.
      const foreign = upgradeOriginRefusal(request.headers, options.allowedOrigins ?? [])
      if (foreign) return refuse(socket, 403, foreign, { code: 'cross-site' })
      const url = new URL(request.url ?? '/', 'http://localhost')
      const match = syncPath.exec(url.pathname)
      const name = match ? safeDecode(match[1]!) : null
      const room = name === null ? null : parseRoomName(name)
      if (!name || !room) return refuse(socket, 404, `no sync room at ${url.pathname}`)
      const token = url.searchParams.get('token')
      const access = await tokens.verify(token)
      if (socket.destroyed) return
      if (!access) return refuse(socket, 401, 'a valid token is required')
      if (!mayOpen(access, room.documentId) || !(await documents.get(room.documentId))) {
        return socket.destroyed
          ? undefined
          : refuse(socket, 404, `no document "${room.documentId}"`)
      }
      // The peer may have gone, or the shutdown begun, while the token and document were read.
      if (socket.destroyed) return
      if (closing) {
        return refuse(socket, 503, 'the server is shutting down', {
          retryAfter: capRetryAfterSeconds,
        })
      }
      const lease = caps.acquire(identityOf(access), room.documentId)
      if (isRefusal(lease)) {
        return refuse(socket, 429, lease.message, { retryAfter: capRetryAfterSeconds })
      }
      // Released when the socket closes, whether or not the upgrade completed.
      socket.once('close', () => lease.release())
      const canWrite = hasRole(access.role, room.part === 'content' ? 'editor' : 'annotator')
      // Stock clients do not send ack=1 and never receive the stored acknowledgement.
      const acknowledge = url.searchParams.get('ack') === '1'
      void rooms.hold(name).then(
        (held) => {
          // The peer may have gone, or the shutdown begun, while the room was read.
          if (socket.destroyed || closing) {
            held.release()
            if (!socket.destroyed) {
              refuse(socket, 503, 'the server is shutting down', {
                retryAfter: capRetryAfterSeconds,
              })
            }
            return
          }
          // Released once the room has its socket, or when the upgrade never completes.
          socket.once('close', held.release)
          wss.handleUpgrade(request, socket, head, (ws) => {
            held.room.join(ws, {
              canWrite,
              acknowledge,
              share: access.share,
              identity: identityOf(access),
              user: { name: access.label, role: access.role },
              expires: access.expires,
            })
            held.release()
            throttleSocket(ws, updateBudgets, identityOf(access))
            // A share revoked since the check above could not find this socket to close it: once
            // joined (so that no frame is missed meanwhile), the token is checked again.
            void tokens.verify(token).then(
              (still) => still || ws.close(shareRevokedCode, shareRevokedReason),
              (error: unknown) =>
                console.error(`Could not check the token of a socket of ${name}`, error),
            )
          })
        },
        (error: unknown) => {
          // The room could not be read: say why rather than fail the process.
          console.error(`Could not load ${name}`, error)
          refuse(socket, 503, `could not load: ${describeStorageError(error).words}`, {
            retryAfter: capRetryAfterSeconds,
          })
        },
      )
    },
    async close(code, reason) {
      closing = true
      clearInterval(timer)
      wss.close()
      await rooms.closeAll(code, reason)
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

const statusText: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
}

// Connections are freed when their sockets close; a refused client may try again after this.
const capRetryAfterSeconds = 5

/** How an upgrade is refused beyond its status and message. */
interface RefusalOptions {
  /** Seconds after which trying again may succeed. */
  retryAfter?: number
  /** The error code, when it says more than the status. */
  code?: string
}

/** Answers an upgrade with an HTTP error body as the API's and destroys the socket. */
function refuse(socket: Duplex, status: number, message: string, options: RefusalOptions = {}) {
  const { retryAfter, code } = options
  const body = JSON.stringify(errorBody(status, message, code))
  socket.once('finish', () => socket.destroy())
  socket.end(
    `HTTP/1.1 ${status} ${statusText[status] ?? 'Error'}\r\n` +
      (retryAfter === undefined ? '' : `Retry-After: ${retryAfter}\r\n`) +
      'Connection: close\r\nContent-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  )
}
