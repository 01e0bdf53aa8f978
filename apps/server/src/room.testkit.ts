/**
 * A room as the server builds one, over an in-memory SQLite store, for the room's specifications:
 * open it, join fake sockets to it, and make updates as a new client would.
 */
import * as Y from 'yjs'
import { FakeSocket } from './fake-socket.testkit'
import { GroupCommit } from './group-commit'
import { updateMessage } from './protocol'
import { Room, type RoomOptions } from './room'
import { auditOver } from './sqlite-audit-store'
import { SqliteRoomStore } from './sqlite-room-store'
import type { Storage } from './storage'

/** Resolves after the current turn of the event loop (and its group commit). */
export const tick = () => new Promise<void>((resolve) => setImmediate(resolve))

/** A room over `storage`, read from it as the server reads one. */
export async function openRoom(
  storage: Storage,
  name: string,
  options: Partial<RoomOptions> & { compactAfter: number },
): Promise<Room> {
  const store = new SqliteRoomStore(storage)
  const loaded = await store.loadRoom(name)
  return new Room(name, loaded, {
    store,
    commits: new GroupCommit(store),
    audit: auditOver(storage),
    ...options,
  })
}

/** Joins a fake socket to a room. */
export function joined(room: Room, options: Parameters<Room['join']>[1]): FakeSocket {
  const socket = new FakeSocket({ answersClose: false })
  room.join(socket.ws, options)
  return socket
}

/** An update typing `text` by a new client, with that client's id. */
export function typed(text: string): { message: Uint8Array; client: number } {
  const doc = new Y.Doc()
  doc.getText('t').insert(0, text)
  return { message: updateMessage(Y.encodeStateAsUpdate(doc)), client: doc.clientID }
}
