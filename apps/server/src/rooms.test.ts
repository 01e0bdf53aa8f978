import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import type { WebSocket } from 'ws'
import * as Y from 'yjs'
import { Rooms } from './rooms'
import { Storage } from './storage'
import { StorageFailure } from './storage-faults'

/** A websocket stand-in that takes what the room sends and can be closed by its peer. */
class FakeSocket extends EventEmitter {
  readyState = 1
  bufferedAmount = 0
  send(_data: Uint8Array, done?: (error?: Error) => void): void {
    done?.()
  }
  close(): void {
    this.readyState = 3
    this.emit('close')
  }
  terminate(): void {
    this.close()
  }
  ping(): void {}
}

/** Storage holding a text in room `name`. */
function storageWith(name: string, text: string): Storage {
  const storage = new Storage(':memory:')
  const source = new Y.Doc()
  source.getText('t').insert(0, text)
  storage.putSnapshot(name, Y.encodeStateAsUpdate(source))
  return storage
}

describe('Rooms', () => {
  it('keeps a room loaded while a connection holds it, and frees its doc once the last one leaves', () => {
    const rooms = new Rooms(storageWith('brief.content', 'on disk'), { compactAfter: 100 })
    const room = rooms.open('brief.content')
    const sockets = [new FakeSocket(), new FakeSocket()]
    // reason: the room uses only the on/send/close/terminate/ping/readyState part of a ws socket.
    for (const socket of sockets) room.join(socket as unknown as WebSocket, { canWrite: false })
    sockets[0]!.close()
    expect(rooms.size).toBe(1)
    expect(room.doc.isDestroyed).toBe(false)
    sockets[1]!.close()
    expect(rooms.size).toBe(0)
    expect(room.doc.isDestroyed).toBe(true)
    expect(rooms.open('brief.content').doc.getText('t').toString()).toBe('on disk')
  })

  it('frees a room used only for one write once the write is done', async () => {
    const storage = storageWith('brief.content', 'on disk')
    const rooms = new Rooms(storage, { compactAfter: 100 })
    const room = await rooms.use(['brief.content'], ([r]) => {
      r!.doc.getText('t').insert(0, 'kept ')
      return r!
    })
    expect(rooms.size).toBe(0)
    expect(room.doc.isDestroyed).toBe(true)
    expect(rooms.open('brief.content').doc.getText('t').toString()).toBe('kept on disk')
  })

  it('refuses a write it could not store with the reason, and keeps nothing of it in memory', async () => {
    const storage = storageWith('brief.content', 'on disk')
    storage.db.pragma(`max_page_count = ${storage.db.pragma('page_count', { simple: true })}`)
    const rooms = new Rooms(storage, { compactAfter: 100 })
    let refused: unknown = null
    try {
      await rooms.use(['brief.content'], ([r]) =>
        r!.doc.getText('t').insert(0, 'x'.repeat(64 * 1024)),
      )
    } catch (error) {
      refused = error
    }
    expect(refused).toBeInstanceOf(StorageFailure)
    expect((refused as StorageFailure).message).toBe("could not store: the server's disk is full")
    expect(rooms.size).toBe(0)
    // Read again from disk: the refused write is not there, and reads still work.
    expect(await rooms.use(['brief.content'], ([r]) => r!.doc.getText('t').toString())).toBe(
      'on disk',
    )
  })

  it("keeps answering a joining reader's room when another room's write fails in the same turn", () => {
    const storage = storageWith('brief.content', 'on disk')
    storage.db.pragma(`max_page_count = ${storage.db.pragma('page_count', { simple: true })}`)
    const rooms = new Rooms(storage, { compactAfter: 100 })
    const reader = new FakeSocket()
    const readers = rooms.open('brief.annotations')
    const written = rooms.open('brief.content')
    written.doc.getText('t').insert(0, 'x'.repeat(64 * 1024))
    // reason: the room uses only the on/send/close/terminate/ping/readyState part of a ws socket.
    readers.join(reader as unknown as WebSocket, { canWrite: false, acknowledge: true })
    expect(written.broken).not.toBeNull()
    expect(readers.broken).toBeNull()
    expect(reader.readyState).toBe(1)
  })
})
