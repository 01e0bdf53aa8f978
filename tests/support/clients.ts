/**
 * Stock y-websocket clients for integration tests (the `ws` package as WebSocket), and waits
 * that end when a document reaches a state rather than after a fixed time.
 */
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import type { TestServer } from './server'

/** A connected client: its Y.Doc and provider. */
export interface SyncClient {
  doc: Y.Doc
  provider: WebsocketProvider
  /** Disconnects and frees the doc. */
  close(): void
}

/** Connects a stock WebsocketProvider to a room and resolves once it has synced. */
export async function connectClient(
  server: Pick<TestServer, 'syncUrl' | 'token'>,
  room: string,
): Promise<SyncClient> {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(server.syncUrl, room, doc, {
    params: { token: server.token },
    // reason: the ws class is the WebSocket the provider expects, typed for Node.
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  })
  await synced(provider)
  return {
    doc,
    provider,
    close() {
      provider.destroy()
      doc.destroy()
    },
  }
}

/** Resolves once the provider has synced with the server. */
export function synced(provider: WebsocketProvider): Promise<void> {
  if (provider.synced) return Promise.resolve()
  return new Promise((resolve) => {
    const onSync = (isSynced: boolean) => {
      if (!isSynced) return
      provider.off('sync', onSync)
      resolve()
    }
    provider.on('sync', onSync)
  })
}

/** Resolves with the value of `read` once it is not undefined, checking after every update. */
export function until<T>(doc: Y.Doc, read: () => T | undefined): Promise<T> {
  const now = read()
  if (now !== undefined) return Promise.resolve(now)
  return new Promise((resolve) => {
    const onUpdate = () => {
      const value = read()
      if (value === undefined) return
      doc.off('afterTransaction', onUpdate)
      resolve(value)
    }
    doc.on('afterTransaction', onUpdate)
  })
}

/** The HTTP status a raw websocket upgrade to `url` is answered with (101 when accepted). */
export function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url)
    ws.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0)
      ws.terminate()
    })
    ws.once('open', () => {
      resolve(101)
      ws.close()
    })
    ws.once('error', (error) => reject(error))
  })
}

/** Opens a raw websocket and resolves with the close code it later receives. */
export async function closeCodeOf(url: string): Promise<{ closed: Promise<number> }> {
  const ws = new WebSocket(url)
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)))
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('error', reject)
  })
  return { closed }
}
