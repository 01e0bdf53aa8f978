/**
 * Work kept in this browser: each room of a document is persisted to IndexedDB (y-indexeddb),
 * so what a reader does while the connection is down survives a closed tab and is merged into
 * the server's state on the next sync. The rooms also follow the browser's own online state,
 * dropping their sockets when it goes offline and reconnecting when it comes back.
 */
import { IndexeddbPersistence } from 'y-indexeddb'
import type { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'

/** The transaction origin of work merged back from this browser's store. */
export const keptOrigin = Symbol('warrant-kept-work')

// IndexedDB that never answers (a locked profile, a privacy mode) must not hold the page hostage.
const storeTimeoutMs = 3000

/** The IndexedDB name of one room of a document: `warrant:<docId>:<part>`. */
export function keptName(documentId: string, part: string): string {
  return `warrant:${documentId}:${part}`
}

/** What this browser kept of a room, loaded into a scratch doc, and how to forget it. */
export interface KeptRoom {
  doc: Y.Doc
  /** Deletes the stored copy (it belongs to another copy of the document). */
  forget(): Promise<void>
  /** Closes the store; the scratch doc stays readable. */
  close(): Promise<void>
}

function settle(persistence: IndexeddbPersistence): Promise<void> {
  return new Promise((done) => {
    const timer = setTimeout(done, storeTimeoutMs)
    persistence.whenSynced.then(() => {
      clearTimeout(timer)
      done()
    })
  })
}

/** Loads what this browser kept of room `name` into a fresh doc, not yet merged anywhere. */
export async function loadKept(name: string): Promise<KeptRoom> {
  const doc = new Y.Doc()
  const persistence = new IndexeddbPersistence(name, doc)
  await settle(persistence)
  return {
    doc,
    forget: () => persistence.clearData(),
    close: () => persistence.destroy(),
  }
}

/** Whether a doc holds any item at all. */
export function isEmptyDoc(doc: Y.Doc): boolean {
  return Y.decodeStateVector(Y.encodeStateVector(doc)).size === 0
}

/**
 * Whether two docs grew from the same history: some writer's items are in both. A copy kept from
 * an older server (same document id, data folder started afresh) shares no writer with the
 * server's copy, and merging it would duplicate the text.
 */
export function sharesHistory(kept: Y.Doc, live: Y.Doc): boolean {
  const theirs = Y.decodeStateVector(Y.encodeStateVector(live))
  for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(kept))) {
    if (clock > 0 && (theirs.get(client) ?? 0) > 0) return true
  }
  return false
}

/** Applies everything `kept` holds to `live` as this browser's own (so it is sent and counted). */
export function mergeKept(kept: Y.Doc, live: Y.Doc): void {
  Y.applyUpdate(live, Y.encodeStateAsUpdate(kept, Y.encodeStateVector(live)), keptOrigin)
}

/** Persists `doc` to IndexedDB from now on; returns the persistence to destroy with the page. */
export function keepInBrowser(name: string, doc: Y.Doc): IndexeddbPersistence {
  return new IndexeddbPersistence(name, doc)
}

/** Whether the browser believes it is online. */
export function browserOnline(): boolean {
  return navigator.onLine
}

/**
 * Disconnects `providers` when the browser goes offline and reconnects them when it returns,
 * unless `mayReconnect` says a provider was closed for good; returns a stop function.
 */
export function followBrowserConnection(
  providers: WebsocketProvider[],
  mayReconnect: (provider: WebsocketProvider) => boolean,
): () => void {
  const offline = (): void => {
    for (const provider of providers) provider.disconnect()
  }
  const online = (): void => {
    for (const provider of providers) if (mayReconnect(provider)) provider.connect()
  }
  window.addEventListener('offline', offline)
  window.addEventListener('online', online)
  return () => {
    window.removeEventListener('offline', offline)
    window.removeEventListener('online', online)
  }
}
