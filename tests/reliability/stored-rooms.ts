/**
 * The documents of a fault test and the two ways of reading what was kept of them: from the
 * running server (a fresh client syncing from nothing) and from the SQLite store itself
 * (`Storage.loadRoom`, while no server runs on the data folder).
 */
import { join } from 'node:path'
import * as Y from 'yjs'
import { Storage } from '../../apps/server/src/storage'
import { RawClient } from '../support/raw-client'
import type { TestServer } from '../support/server'

/** A document's two rooms. */
export interface DocumentRooms {
  id: string
  content: string
  annotations: string
}

/**
 * Environment for a server under fault tests: every client uses the owner token, so the
 * per-reader write budget and connection caps (tested elsewhere) are switched off.
 */
export const faultServerEnv: Record<string, string> = {
  WARRANT_RATE_PER_SECOND: '0',
  WARRANT_MAX_CONNECTIONS: '0',
  WARRANT_MAX_DOCUMENTS: '0',
}

/** Creates a document from Markdown over the API and names its rooms. */
export async function createDocument(
  server: TestServer,
  title: string,
  markdown: string,
): Promise<DocumentRooms> {
  const response = await server.api(`/api/documents?title=${encodeURIComponent(title)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/markdown' },
    body: markdown,
  })
  if (response.status !== 201) {
    throw new Error(`creating "${title}" answered ${response.status}: ${await response.text()}`)
  }
  const { id } = (await response.json()) as { id: string }
  return { id, content: `${id}.content`, annotations: `${id}.annotations` }
}

/** The room as the running server sends it to a client that has nothing. */
export async function loadFromServer(server: TestServer, room: string): Promise<Y.Doc> {
  const client = new RawClient(`${server.syncUrl}/${room}?token=${server.token}`)
  try {
    return await client.load()
  } finally {
    client.close()
  }
}

/** The rooms as the data folder's SQLite store holds them; no server may be running on it. */
export function loadFromStorage(dataDir: string, rooms: readonly string[]): Map<string, Y.Doc> {
  const storage = new Storage(join(dataDir, 'warrant.sqlite'))
  try {
    const docs = new Map<string, Y.Doc>()
    for (const room of rooms) {
      const doc = new Y.Doc()
      storage.loadRoom(room, doc)
      docs.set(room, doc)
    }
    return docs
  } finally {
    storage.close()
  }
}
