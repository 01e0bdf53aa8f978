/**
 * Stock y-websocket clients that record every message type they receive and, when they opt in
 * with `ack=1`, read the server's stored acknowledgement (message type 4: the state vector of
 * what is committed to storage), so tests can wait for "saved" rather than for a time.
 */
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { synced } from './clients'
import type { TestServer } from './server'

/** The message type of the stored acknowledgement. */
export const messageStored = 4

/** Options of connectRecorded. */
export interface RecordedClientOptions {
  /** The token to connect with (default: the server's owner token). */
  token?: string
  /** Whether to opt in to the stored acknowledgement with `ack=1`. */
  acknowledge?: boolean
}

/** A connected stock client with what it received. */
export interface RecordedClient {
  doc: Y.Doc
  provider: WebsocketProvider
  /** The type of every message received, in order. */
  types: number[]
  /** The state vectors of the stored acknowledgements received, in order. */
  stored: Array<Map<number, number>>
  /** Resolves once a message of `type` has been received (at once if one already was). */
  received(type: number): Promise<void>
  /** Resolves once every edit this client made is covered by a stored acknowledgement. */
  saved(): Promise<void>
  close(): void
}

/** Reads a lib0 varUint8Array from a decoder (lib0 itself is not a dependency of the tests). */
function readBytes(decoder: { arr: Uint8Array; pos: number }): Uint8Array {
  let length = 0
  for (let shift = 0; ; shift += 7) {
    const byte = decoder.arr[decoder.pos++]
    if (byte === undefined) throw new Error('truncated stored acknowledgement')
    length += (byte & 0x7f) * 2 ** shift
    if (byte < 0x80) break
  }
  const bytes = decoder.arr.subarray(decoder.pos, decoder.pos + length)
  decoder.pos += length
  return bytes
}

/** Whether `stored` covers every client's clock in `local`. */
export function covers(stored: Map<number, number>, local: Map<number, number>): boolean {
  for (const [client, clock] of local) if ((stored.get(client) ?? 0) < clock) return false
  return true
}

/** Connects a stock WebsocketProvider that records what it receives, once it has synced. */
export async function connectRecorded(
  server: Pick<TestServer, 'syncUrl' | 'token'>,
  room: string,
  options: RecordedClientOptions = {},
): Promise<RecordedClient> {
  const doc = new Y.Doc()
  const params: Record<string, string> = { token: options.token ?? server.token }
  if (options.acknowledge) params.ack = '1'
  const provider = new WebsocketProvider(server.syncUrl, room, doc, {
    params,
    // reason: the ws class is the WebSocket the provider expects, typed for Node.
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    connect: false,
  })
  const types: number[] = []
  const stored: Array<Map<number, number>> = []
  const listeners = new Set<() => void>()
  provider.messageHandlers[messageStored] = (_encoder, decoder) => {
    stored.push(Y.decodeStateVector(readBytes(decoder)))
  }
  provider.messageHandlers = provider.messageHandlers.map(
    (handler, type) =>
      (...args: Parameters<typeof handler>) => {
        types.push(type)
        handler(...args)
        for (const listener of [...listeners]) listener()
      },
  )
  const when = (done: () => boolean): Promise<void> => {
    if (done()) return Promise.resolve()
    return new Promise((resolve) => {
      const listener = () => {
        if (!done()) return
        listeners.delete(listener)
        resolve()
      }
      listeners.add(listener)
    })
  }
  provider.connect()
  await synced(provider)
  return {
    doc,
    provider,
    types,
    stored,
    received: (type) => when(() => types.includes(type)),
    saved: () => {
      // What the server sent it was stored before it was sent: only its own edits can wait.
      const clock = Y.decodeStateVector(Y.encodeStateVector(doc)).get(doc.clientID) ?? 0
      const own = new Map(clock > 0 ? [[doc.clientID, clock]] : [])
      return when(() => stored.some((vector) => covers(vector, own)))
    },
    close() {
      provider.destroy()
      doc.destroy()
    },
  }
}
