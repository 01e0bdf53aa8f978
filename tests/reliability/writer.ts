/**
 * A writer of a fault test: one person's stock y-websocket clients of a document (its content
 * and annotations rooms), opted in to the stored acknowledgement with `ack=1`, each recording
 * its history for the checker.
 */
import * as decoding from 'lib0/decoding'
import * as Y from 'yjs'
import type { TestServer } from '../support/server'
import { connectRecorded, type RecordedClient } from '../support/stored'
import { type HistorySnapshot, ReplicaHistory } from './history'
import type { DocumentRooms } from './stored-rooms'

/** One person's replicas of a document. */
export interface Writer {
  name: string
  content: RecordedClient
  annotations: RecordedClient
  /** What each replica did and saw so far. */
  snapshot(): HistorySnapshot[]
  /** Disconnects both replicas (for good, or until `moveTo`). */
  disconnect(): void
  /** Connects both replicas again, to `server` (which may listen somewhere new). */
  moveTo(server: Pick<TestServer, 'syncUrl'>): void
  /** Whether both replicas' sockets are closed (everything the server sent has been read). */
  readonly offline: boolean
  close(): void
}

/** Connects a writer's two replicas and starts recording once each has synced. */
export async function connectWriter(
  server: Pick<TestServer, 'syncUrl' | 'token'>,
  rooms: DocumentRooms,
  name: string,
): Promise<Writer> {
  const [content, annotations] = await Promise.all([
    connectRecorded(server, rooms.content, { acknowledge: true }),
    connectRecorded(server, rooms.annotations, { acknowledge: true }),
  ])
  const replicas: Array<[RecordedClient, ReplicaHistory]> = [
    [content, record(name, rooms.content, content)],
    [annotations, record(name, rooms.annotations, annotations)],
  ]
  return {
    name,
    content,
    annotations,
    snapshot: () => replicas.map(([, history]) => history.snapshot()),
    disconnect() {
      for (const [client] of replicas) client.provider.disconnect()
    },
    moveTo(target) {
      for (const [client] of replicas) {
        client.provider.serverUrl = target.syncUrl
        client.provider.connect()
      }
    },
    get offline() {
      return replicas.every(([client]) => !client.provider.wsconnected)
    },
    close() {
      for (const [client, history] of replicas) {
        history.detach()
        client.close()
      }
    },
  }
}

/** The y-websocket sync message and the sync protocol's steps that carry an update. */
const messageSync = 0
const carriesUpdate = new Set([1, 2])

/** Records a client's history, reading the updates the server sends off its socket. */
function record(name: string, room: string, client: RecordedClient): ReplicaHistory {
  const history = new ReplicaHistory(name, room, client.doc, client.provider, client.stored)
  const handlers = client.provider.messageHandlers
  const handle = handlers[messageSync]!
  handlers[messageSync] = (encoder, decoder, ...rest) => {
    const peek = decoding.clone(decoder)
    if (carriesUpdate.has(decoding.readVarUint(peek))) {
      history.received(decoding.readVarUint8Array(peek))
    }
    handle(encoder, decoder, ...rest)
  }
  return history
}

/**
 * Whether a client holds an acknowledgement of every item of its own. (Acknowledgements follow
 * a client's own writes, so items relayed to it since its last one may be stored but unsaid.)
 */
export function ownWorkSaved(client: RecordedClient): boolean {
  const own = client.doc.clientID
  const clock = Y.getState(client.doc.store, own)
  return client.stored.some((vector) => (vector.get(own) ?? 0) >= clock)
}

/** The content fragment's doc and the annotations doc of a writer, for the workload. */
export function docsOf(writer: Writer): { content: Y.Doc; annotations: Y.Doc } {
  return { content: writer.content.doc, annotations: writer.annotations.doc }
}
