/**
 * The two live rooms of a document (its content and its annotations), each a Y.Doc synced with
 * the server through a y-websocket provider that also hears the server's "stored"
 * acknowledgement, kept in this browser's IndexedDB for offline work, plus the reader's awareness.
 */
import { CONTENT_FRAGMENT } from '@warrant/document'
import * as decoding from 'lib0/decoding'
import type { IndexeddbPersistence } from 'y-indexeddb'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import type { DocumentInfo } from './api'
import {
  browserOnline,
  followBrowserConnection,
  isEmptyDoc,
  keepInBrowser,
  keptName,
  loadKept,
  mergeKept,
  sharesHistory,
} from './offline'
import { reconnectWithJitter } from './reconnect'

/** The server's acknowledgement: every update covered by the state vector that follows is stored. */
export const messageStored = 4

/** The user record other readers see in awareness (the cursor plugin reads name and colour). */
export interface AwarenessUser {
  name: string
  color: string
  /** The reader's role, shown as a hint in the list of who is here. */
  role?: string
}

/** Why the server ended a connection for good (a revoked share, say). */
export interface ClosedConnection {
  code: number
  reason: string
}

/** One room: its doc, its provider, and what the server has said it stored. */
export interface LiveRoom {
  part: 'content' | 'annotations'
  doc: Y.Doc
  provider: WebsocketProvider
  /** The state vector the server last acknowledged as stored, or null before it said. */
  stored(): Map<number, number> | null
  /** Calls `listener` after each acknowledgement; returns the unsubscribe function. */
  onStored(listener: () => void): () => void
  /** The server's permanent close of this room's connection, or null. */
  closed(): ClosedConnection | null
}

/** A document's live rooms. */
export interface Rooms {
  content: Y.Doc
  annotations: Y.Doc
  fragment: Y.XmlFragment
  contentProvider: WebsocketProvider
  annotationsProvider: WebsocketProvider
  /** Both rooms, content first. */
  list: LiveRoom[]
  /** Resolves once both rooms have the server's state merged with the work kept in this browser. */
  synced: Promise<void>
  /** Publishes a new display name to the other readers. */
  setUser(user: AwarenessUser): void
  destroy(): void
}

function socketOrigin(): string {
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws'
  return `${scheme}://${window.location.host}`
}

function whenSynced(provider: WebsocketProvider): Promise<void> {
  if (provider.synced) return Promise.resolve()
  return new Promise((resolve) => {
    const onSync = (isSynced: boolean): void => {
      if (!isSynced) return
      provider.off('sync', onSync)
      resolve()
    }
    provider.on('sync', onSync)
  })
}

// Close codes the server uses for "do not come back with this token": 4400-4499 and 1008.
function isPermanentClose(code: number): boolean {
  return code === 1008 || (code >= 4400 && code < 4500)
}

/** Creates one room's provider (not yet connected) that decodes the stored acknowledgement. */
function liveRoom(
  part: LiveRoom['part'],
  url: string,
  roomName: string,
  params: Record<string, string>,
): LiveRoom {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(url, roomName, doc, {
    params,
    connect: false,
    // The tabs of one browser already share IndexedDB; each keeps its own socket and acknowledgements.
    disableBc: true,
    shouldReconnect: (event) => !isPermanentClose(event.code),
  })
  // Spread the retries, so a restarted server does not get every reader back at once.
  reconnectWithJitter(provider)
  let stored: Map<number, number> | null = null
  let closed: ClosedConnection | null = null
  const listeners = new Set<() => void>()
  provider.messageHandlers[messageStored] = (_encoder, decoder) => {
    stored = Y.decodeStateVector(decoding.readVarUint8Array(decoder))
    for (const listener of listeners) listener()
  }
  provider.on('closed', (event) => {
    closed = { code: event.code, reason: event.reason }
  })
  // A fresh connection owes a fresh acknowledgement; the old one may predate offline work.
  provider.on('status', ({ status }) => {
    if (status !== 'connected') stored = null
  })
  return {
    part,
    doc,
    provider,
    stored: () => stored,
    onStored: (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    closed: () => closed,
  }
}

/**
 * Forgets the awareness clocks of readers who are not listed any more. The provider drops the
 * others' states on a disconnect but keeps their clocks, and would then ignore the server's
 * list of who is here on reconnecting (same clocks) until each reader renewed their state.
 */
function forgetAbsentReaders(provider: WebsocketProvider): void {
  const { awareness } = provider
  for (const client of [...awareness.meta.keys()]) {
    if (client !== awareness.clientID && !awareness.states.has(client))
      awareness.meta.delete(client)
  }
}

/**
 * Opens the content and annotations rooms of a document with the reader's token: loads what this
 * browser kept, connects, merges the kept work once the server's state is in (unless it belongs to
 * another copy of the document), and keeps persisting from then on.
 */
export function openRooms(info: DocumentInfo, token: string | null, user: AwarenessUser): Rooms {
  const url = socketOrigin() + info.sync.path
  const params: Record<string, string> = token === null ? { ack: '1' } : { token, ack: '1' }
  const content = liveRoom('content', url, info.sync.content, params)
  const annotations = liveRoom('annotations', url, info.sync.annotations, params)
  const list = [content, annotations]
  // Presence lives in the content room only, where the cursors are.
  annotations.provider.awareness.setLocalState(null)
  content.provider.on('status', ({ status }) => {
    if (status === 'connected') forgetAbsentReaders(content.provider)
  })
  content.provider.awareness.setLocalStateField('user', user)

  let destroyed = false
  const persistences: IndexeddbPersistence[] = []
  const stopFollowing = followBrowserConnection(
    list.map((room) => room.provider),
    (provider) => list.find((room) => room.provider === provider)?.closed() === null,
  )

  const start = async (): Promise<void> => {
    const kept = await Promise.all(list.map((room) => loadKept(keptName(info.id, room.part))))
    if (destroyed) return
    if (browserOnline()) for (const room of list) room.provider.connect()
    await Promise.all(list.map((room) => whenSynced(room.provider)))
    if (destroyed) return
    // The annotations anchor in the content, so the content's history decides for both rooms.
    const sameCopy = isEmptyDoc(kept[0]!.doc) || sharesHistory(kept[0]!.doc, content.doc)
    for (const [index, room] of list.entries()) {
      const copy = kept[index]!
      if (sameCopy) mergeKept(copy.doc, room.doc)
      await (sameCopy ? copy.close() : copy.forget())
      copy.doc.destroy()
      if (destroyed) return
      persistences.push(keepInBrowser(keptName(info.id, room.part), room.doc))
    }
  }

  return {
    content: content.doc,
    annotations: annotations.doc,
    fragment: content.doc.getXmlFragment(CONTENT_FRAGMENT),
    contentProvider: content.provider,
    annotationsProvider: annotations.provider,
    list,
    synced: start(),
    setUser: (next) => content.provider.awareness.setLocalStateField('user', next),
    destroy: () => {
      destroyed = true
      stopFollowing()
      for (const persistence of persistences) void persistence.destroy()
      for (const room of list) {
        room.provider.destroy()
        room.doc.destroy()
      }
    },
  }
}
