/**
 * The stored document of the cold-load scenario, written the way each server keeps it on disk:
 * the seeded brief's content room with many small edits typed into it (single characters
 * inserted at random places in its paragraphs by four writers, one update each). The reference
 * server keeps one y-leveldb entry per edit (after the seeded state; it trims only when a
 * document is next loaded); Hocuspocus's SQLite extension one merged state per document; Warrant
 * a snapshot and an update log that a live room folds into the snapshot every 500 rows
 * (WARRANT_COMPACT_AFTER), so its store holds the snapshot and the most a log can keep: the last
 * 499 edits, as a server stopped before folding them leaves it. Each store is written directly
 * with the library its server uses (Warrant's own Storage, y-leveldb's `storeUpdate`,
 * better-sqlite3 for Hocuspocus's `documents` table): what the servers would have written had
 * every edit come through them, written faster.
 */
import { realpathSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { schema, upsertQuery } from '@hocuspocus/extension-sqlite'
import * as Y from 'yjs'
import { SqliteRoomStore } from '../apps/server/src/sqlite-room-store'
import { Storage } from '../apps/server/src/storage'
import { seeded } from './measure'

const benchDir = dirname(fileURLToPath(import.meta.url))

/** The edits of the stored document and the state they end in. */
export interface StoredEdits {
  /** The seeded state the edits start from (Warrant's snapshot of the room). */
  base: Uint8Array
  /** One update per edit, in order. */
  updates: Uint8Array[]
  /** The state before the last `logged` edits (Warrant's snapshot), compacted. */
  folded: Uint8Array
  /** How many of the last edits Warrant's log still holds. */
  logged: number
  /** The final state, compacted (`Y.encodeStateAsUpdate` of the final doc). */
  compacted: Uint8Array
  /** The final state vector, which a complete client reaches. */
  stateVector: Uint8Array
  /** The final content as text, to check a loaded client against. */
  text: string
}

/** Every Y.XmlText under an element, in document order. */
function textNodes(parent: Y.XmlFragment | Y.XmlElement, into: Y.XmlText[] = []): Y.XmlText[] {
  for (const child of parent.toArray()) {
    if (child instanceof Y.XmlText) into.push(child)
    else if (child instanceof Y.XmlElement) textNodes(child, into)
  }
  return into
}

/** Edits a live Warrant room logs before it folds them into its snapshot (the default). */
const compactAfter = 500

/** Types `count` single characters at random places of the seeded content, by four writers. */
export function typeEdits(base: Uint8Array, fragmentName: string, count: number): StoredEdits {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, base)
  const fragment = doc.getXmlFragment(fragmentName)
  const texts = textNodes(fragment).filter((text) => text.length > 0)
  if (texts.length === 0) throw new Error(`no text in the seeded ${fragmentName}`)
  const random = seeded(7)
  const writers = [101, 202, 303, 404]
  const letters = 'etaoinshrdlu '
  const updates: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => updates.push(update))
  const logged = Math.min(count, compactAfter - 1)
  let folded = base
  for (let i = 0; i < count; i++) {
    if (i === count - logged) folded = Y.encodeStateAsUpdate(doc)
    doc.clientID = writers[random.int(0, writers.length - 1)]!
    const text = texts[random.int(0, texts.length - 1)]!
    text.insert(random.int(0, text.length), letters[random.int(0, letters.length - 1)]!)
  }
  const edits = {
    base,
    updates,
    folded,
    logged,
    compacted: Y.encodeStateAsUpdate(doc),
    stateVector: Y.encodeStateVector(doc),
    text: fragment.toString(),
  }
  doc.destroy()
  return edits
}

/** The seeded state of a Warrant room (its snapshot with any log rows folded in). */
export function warrantRoomState(databaseFile: string, room: string): Uint8Array {
  const storage = new Storage(databaseFile)
  try {
    const doc = new Y.Doc()
    storage.loadRoom(room, doc)
    return Y.encodeStateAsUpdate(doc)
  } finally {
    storage.close()
  }
}

/** Stores the folded state as a Warrant room's snapshot and the last edits as its log rows. */
export async function writeWarrantRoom(
  databaseFile: string,
  room: string,
  edits: StoredEdits,
): Promise<void> {
  const storage = new Storage(databaseFile)
  try {
    const store = new SqliteRoomStore(storage)
    // Any rows the seeding left are folded first, so the snapshot below replaces all of it.
    await store.compactRoom(room, Number.MAX_SAFE_INTEGER)
    await store.putSnapshot(room, edits.folded)
    // One transaction: the rows are what many commits would have left, written faster.
    await store.appendUpdates(
      edits.updates.slice(edits.updates.length - edits.logged).map((update) => ({ room, update })),
    )
  } finally {
    storage.close()
  }
}

/** A peer's own copy of a package it depends on (they are not the bench's dependencies). */
function peerRequire(peerPackage: string): NodeRequire {
  // From the package's real folder: pnpm links its dependencies beside it, not under bench/.
  return createRequire(realpathSync(join(benchDir, 'node_modules', peerPackage, 'package.json')))
}

interface LeveldbPersistence {
  storeUpdate(docName: string, update: Uint8Array): Promise<number>
  destroy(): Promise<void>
}

/** Writes the seeded state and then every edit to a y-leveldb folder, as the reference stores. */
export async function writeLeveldb(dir: string, room: string, edits: StoredEdits): Promise<void> {
  const { LeveldbPersistence } = peerRequire('@y/websocket-server')('y-leveldb') as {
    LeveldbPersistence: new (location: string) => LeveldbPersistence
  }
  const persistence = new LeveldbPersistence(dir)
  try {
    await persistence.storeUpdate(room, edits.base)
    for (const update of edits.updates) await persistence.storeUpdate(room, update)
  } finally {
    await persistence.destroy()
  }
}

interface SqliteDatabase {
  exec(sql: string): void
  prepare(sql: string): { run(...params: unknown[]): unknown }
  close(): void
}

/** Writes the final state as Hocuspocus's SQLite extension stores a document (one row). */
export function writeHocuspocusSqlite(file: string, room: string, edits: StoredEdits): void {
  const Database = peerRequire('@hocuspocus/extension-sqlite')('better-sqlite3') as new (
    file: string,
  ) => SqliteDatabase
  const db = new Database(file)
  try {
    db.exec(schema)
    db.prepare(upsertQuery).run({ name: room, data: Buffer.from(edits.compacted) })
  } finally {
    db.close()
  }
}
