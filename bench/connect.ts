/**
 * Connecting a benchmark client to any of the servers measured, from any process: an endpoint
 * is plain data, so the load generator processes connect the same way the harness does. Warrant
 * and the reference server take the stock y-websocket client; Hocuspocus takes its own provider.
 */
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { connectClient } from '../tests/support/clients'

/** Where and how clients connect to a running server; plain data, sent to load processes. */
export interface Endpoint {
  protocol: 'y-websocket' | 'hocuspocus'
  url: string
  /** Warrant: one reader token per client (client i takes `tokens[i % length]`); peers: none. */
  tokens: string[]
}

/** A connected, synced client of any server. */
export interface BenchClient {
  doc: Y.Doc
  close(): void
}

/** Connects client number `index` to `room` and resolves once it has synced. */
export async function connect(
  endpoint: Endpoint,
  room: string,
  index: number,
): Promise<BenchClient> {
  if (endpoint.protocol === 'y-websocket') {
    const token = endpoint.tokens.length > 0 ? endpoint.tokens[index % endpoint.tokens.length]! : ''
    return connectClient({ syncUrl: endpoint.url, token }, room)
  }
  return new Promise<BenchClient>((resolve, reject) => {
    const doc = new Y.Doc()
    // Its own socket per client, as separate readers would have.
    const socket = new HocuspocusProviderWebsocket({
      url: endpoint.url,
      WebSocketPolyfill: WebSocket,
    })
    const provider = new HocuspocusProvider({
      websocketProvider: socket,
      name: room,
      document: doc,
      onSynced: () =>
        resolve({
          doc,
          close() {
            provider.destroy()
            socket.destroy()
            doc.destroy()
          },
        }),
      onAuthenticationFailed: ({ reason }) => reject(new Error(reason)),
    })
    // A provider given its own websocketProvider connects only once attached.
    provider.attach()
  })
}

// Every y-websocket provider adds a process 'exit' listener; hundreds of them are expected here.
process.setMaxListeners(0)
